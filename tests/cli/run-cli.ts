// Shared by the checker's tests: the built checker run as a subprocess, scratch folders, and payload lines.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { PassThrough } from 'node:stream'
import { join } from 'node:path'
import { decodeInstallmentWebhook } from 'qitech-installment-webhooks'
import { readFixture } from '../fixtures'

export const root = join(__dirname, '..', '..')
/** The built checker, as `npm test` builds it before jest runs. */
export const cliPath = join(root, 'dist', 'cli.js')

/** Builds dist/ when a bare `npx jest` runs before any build. */
export const buildOnce = (): void => {
  beforeAll(() => {
    if (!existsSync(cliPath)) spawnSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' })
  }, 120_000)
}

/** Runs the built checker with `args`, `input` on stdin, from the repository root. */
export const runCli = (args: ReadonlyArray<string>, input?: string | Buffer): SpawnSyncReturns<string> =>
  spawnSync(process.execPath, [cliPath, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: 120_000,
  })

/** The results a run printed: stdout without the summary, which starts at the `summary:` line. */
export const resultLines = (stdout: string): string[] => {
  const lines = stdout.split('\n')
  const end = lines.findIndex((line) => line.startsWith('summary: '))
  return lines.slice(0, end === -1 ? lines.length - 1 : end)
}

/** The summary a text run printed at the end of stdout. */
export const summaryOf = (stdout: string): string => stdout.slice(stdout.indexOf('summary: '))

/** A stream that keeps the text written to it, for a run's stdout or stderr. */
export const collect = (): { stream: PassThrough; text: () => string } => {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return { stream, text: () => text }
}

/** A scratch folder per test file, removed after its tests. */
export const scratch = (): ((name: string, contents: string | Buffer) => string) => {
  let dir: string | undefined
  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
  })
  return (name, contents) => {
    dir ??= mkdtempSync(join(tmpdir(), 'qitech-cli-'))
    const file = join(dir, name)
    writeFileSync(file, contents)
    return file
  }
}

/** One line of NDJSON: a fixture, compact. */
export const lineOf = (fixture: string): string => JSON.stringify(JSON.parse(readFixture(fixture)))

export const PAID_KEY = '92a05d9c-e457-4f28-9fa8-86be638ee2d0'
export const UPDATE_KEY = 'bc60ad8e-4dc1-4edc-8c5b-6df1b5c9415d'
/** The paid seed, whose installment key is {@link PAID_KEY}. */
export const paidLine = lineOf('seed-paid.json')
/** The bank-slip update seed, whose one installment key is {@link UPDATE_KEY}. */
export const updateLine = lineOf('seed-bank-slip-update.json')
/** A payload whose `data.status` is not one QI Tech sends. */
export const unknownStatusLine = '{"webhook_type":"installment.status_change","key":"k","data":{"status":"canceled"}}'

/**
 * What the checker prints after the label for a payload the decoder rejects: the code, the decoder's first issue,
 * the count of the others, and the status or webhook type received when this version does not know it (so the
 * tests follow the decoder's wording rather than restate it).
 */
export const rejection = (body: string | Buffer): string => {
  const result = decodeInstallmentWebhook(body)
  if (result._tag === 'Right') throw new Error('rejection() was given a valid payload')
  const { code, issues, omittedIssues, envelope } = result.left
  const [first] = issues
  const rest = issues.length - 1 + omittedIssues
  const more = rest > 0 ? `; and ${rest} more issue${rest === 1 ? '' : 's'}` : ''
  const received =
    code === 'UNKNOWN_STATUS' ? ` (status ${JSON.stringify(envelope.status)})` : code === 'UNSUPPORTED_WEBHOOK_TYPE' ? ` (webhook_type ${JSON.stringify(envelope.webhook_type)})` : ''
  return `${code} ${first.path === '' ? '(body)' : first.path}: expected ${first.expected}, received ${first.received}${more}${received}`
}
