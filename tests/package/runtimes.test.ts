// The runtime suite: the packed tarball, installed into a scratch project, in every runtime where webhooks land.
// The vector table (tests/runtimes/vectors.ts, signed here with real keys) runs once in each runtime's own process:
// Node.js, Deno, Bun, workerd through Miniflare (without nodejs_compat) and an esbuild bundle with the `edge-light`
// condition on Node's Web APIs (Vercel Edge). Each vector is a real Request; every runtime must give Node's
// outcome: the code and message, the scheme, the decoded status and the delivery key. The same processes run the
// recipes (examples/deno.ts, bun.ts, cloudflare-worker.ts, hono.ts) and send them signed deliveries.
import { execFile, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseInstallmentWebhook } from 'qitech-installment-webhooks'
import { installmentDeliveryKey } from 'qitech-installment-webhooks/delivery'
import { readFixture } from '../fixtures'
import type { RuntimeReport } from '../runtimes/conformance'
import { type ExpectedVector, RECIPE_ENV, type RecipeRequest, buildRecipeRequests, buildVectors } from '../runtimes/vectors'

const root = join(__dirname, '..', '..')
const runtimesDir = join(__dirname, '..', 'runtimes')
const bin = (name: string): string => join(root, 'node_modules', '.bin', name)
const versionOf = (name: string): string => (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version

// npm hands its own settings to the scripts it runs; the nested npm must see the scratch project only.
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_(?:config_local_prefix|package_|lifecycle_|command$|execpath$)/i.test(key)) env[key] = value
  }
  return env
}

const succeed = (command: string, args: string[], cwd: string): string => {
  const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 180_000 })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

interface BundleResult {
  errors: string[]
  external: string[]
}
interface BuildReport {
  bundles: Record<'workerd' | 'browser' | 'edge-light', BundleResult>
  workerd: { conformance: BundleResult; recipe: BundleResult; hono: BundleResult }
  'edge-light': BundleResult
}

type Runtime = 'node' | 'deno' | 'bun' | 'workerd' | 'edge-light'
let workDir: string
let scratch: string
let vectors: ExpectedVector[]
let recipeRequests: RecipeRequest[]
let build: BuildReport
const reports = new Map<Runtime, Promise<RuntimeReport>>()
// The runtimes run at once, started by beforeAll, and a test waits for its runtime's report: on a loaded machine
// that takes longer than jest's 5 s default, and each process has its own 180 s limit.
jest.setTimeout(180_000)
const misconfigured = new Map<string, Promise<{ code: number | null; stderr: string }>>()

const outputOf = (runtime: Runtime): string => join(workDir, `${runtime}.json`)

/** Starts one runtime's process now; its report (written to outputOf(runtime)) is read when it exits. */
const start = (runtime: Runtime, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): void => {
  reports.set(
    runtime,
    new Promise((resolve, reject) => {
      execFile(command, args, { cwd, env: { ...cleanEnv(), ...env }, timeout: 180_000 }, (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${runtime}: ${error.message}\n${stdout}\n${stderr}`))
        else resolve(JSON.parse(readFileSync(outputOf(runtime), 'utf8')) as RuntimeReport)
      })
    }),
  )
  // A runtime that fails is reported by its own tests; the others go on.
  reports.get(runtime)?.catch(() => undefined)
}
const report = (runtime: Runtime): Promise<RuntimeReport> => reports.get(runtime) as Promise<RuntimeReport>

// workerd and edge-light run bundles: a bundle that did not build fails their tests with esbuild's errors.
const bundlesOf = (runtime: Runtime): BundleResult[] =>
  runtime === 'workerd' ? Object.values(build.workerd) : runtime === 'edge-light' ? [build['edge-light']] : []
const expectedAnswers = () => recipeRequests.map(({ name, status, body }) => ({ name, status, body: body ?? expect.anything() }))
const runtimeReport = async (runtime: Runtime): Promise<RuntimeReport> => {
  for (const bundle of bundlesOf(runtime)) expect(bundle.errors).toEqual([])
  return report(runtime)
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'qitech-installment-webhooks-runtimes-'))
  scratch = join(workDir, 'app')
  const [packed] = JSON.parse(succeed('npm', ['pack', '--json', '--pack-destination', workDir], root)) as Array<{ filename: string }>
  mkdirSync(scratch)
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-runtimes', private: true, type: 'module' }))
  const dependencies = ['io-ts', 'fp-ts', 'hono'].map((name) => `${name}@${versionOf(name)}`)
  succeed('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(workDir, packed.filename), ...dependencies], scratch)
  for (const file of ['conformance.ts', 'worker.ts', 'main.mjs']) copyFileSync(join(runtimesDir, file), join(scratch, file))
  for (const file of ['fetch-handler.ts', 'store.ts', 'cloudflare-worker.ts', 'deno.ts', 'bun.ts', 'hono.ts']) {
    copyFileSync(join(root, 'examples', file), join(scratch, file))
  }

  vectors = await buildVectors()
  recipeRequests = await buildRecipeRequests(Date.now())
  const input = join(workDir, 'input.json')
  writeFileSync(input, JSON.stringify({ vectors, requests: recipeRequests, env: RECIPE_ENV }))
  build = JSON.parse(succeed(process.execPath, [join(runtimesDir, 'build.mjs'), scratch], root)) as BuildReport

  // One process per runtime, all at once; the recipes listen on 127.0.0.1, on a port of the system's choosing.
  const recipeEnv = { ...RECIPE_ENV, HOST: '127.0.0.1', PORT: '0', DENO_NO_UPDATE_CHECK: '1' }
  const deno = ['run', '--no-lock', '--allow-read', '--allow-write', '--allow-env', '--allow-net=127.0.0.1']
  start('node', process.execPath, ['main.mjs', input, outputOf('node')], scratch)
  start('deno', bin('deno'), [...deno, 'main.mjs', input, outputOf('deno'), './deno.ts'], scratch, recipeEnv)
  start('bun', bin('bun'), ['main.mjs', input, outputOf('bun'), './bun.ts'], scratch, recipeEnv)
  // The same recipes with a key that is not a PEM: they must not start.
  const badKey = { ...recipeEnv, QITECH_PUBLIC_KEY: 'not a key' }
  const exit = (command: string, args: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(command, args, { cwd: scratch, env: { ...cleanEnv(), ...badKey }, timeout: 60_000 }, (error, _, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stderr }),
      )
    })
  misconfigured.set('deno', exit(bin('deno'), [...deno, 'deno.ts']))
  misconfigured.set('bun', exit(bin('bun'), ['bun.ts']))
  for (const runtime of ['workerd', 'edge-light'] as const) {
    if (bundlesOf(runtime).every((bundle) => bundle.errors.length === 0)) {
      start(runtime, process.execPath, [join(runtimesDir, `${runtime}.mjs`), scratch, input, outputOf(runtime)], root)
    }
  }
}, 240_000)

afterAll(async () => {
  await Promise.allSettled([...reports.values(), ...misconfigured.values()])
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true })
})

describe('bundling the installed package for runtimes without Node.js built-ins', () => {
  it.each(['workerd', 'browser', 'edge-light'] as const)(
    '%s: every entry point (the core, /delivery, /signature, /testing, ...) bundles with esbuild and imports no node: module',
    (target) => {
      expect(build.bundles[target]).toEqual({ errors: [], external: [] })
    },
  )
})

describe('the vector table, each vector a real Request to a receiver made once', () => {
  it('Node.js gives every vector the code the table pins, for receive and for verify', async () => {
    const { outcomes } = await report('node')
    expect(outcomes.map(({ name, receive, verify }) => ({ name, receive, verify }))).toEqual(
      vectors.map(({ name, expected, expectedVerify }) => ({ name, receive: expected, verify: expectedVerify })),
    )
  })

  it('Node.js decodes the accepted deliveries, typed, with the delivery key of the decoded body', async () => {
    const { outcomes } = await report('node')
    const paidKey = installmentDeliveryKey(parseInstallmentWebhook(readFixture('seed-paid.json')))
    const byName = new Map(outcomes.map((outcome) => [outcome.name, outcome]))
    expect(byName.get('v2: a valid delivery')).toMatchObject({ scheme: 'v2', status: 'paid', deliveryKey: paidKey })
    expect(byName.get('v1: a valid legacy delivery')).toMatchObject({ scheme: 'v1', status: 'paid', deliveryKey: paidKey })
    expect(byName.get('v2: the fixture seed-bank-slip-update.json')).toMatchObject({
      status: 'update',
      deliveryKey: installmentDeliveryKey(parseInstallmentWebhook(readFixture('seed-bank-slip-update.json'))),
    })
    for (const outcome of outcomes) {
      if (outcome.receive === 'VALID') expect(outcome.installmentKey).toMatch(/^[0-9a-f-]{36}$/)
      // A decoding error follows a verified signature; a signature error is an InstallmentWebhookSignatureError.
      else expect({ name: outcome.name, signatureError: outcome.signatureError }).toEqual({ name: outcome.name, signatureError: outcome.verify !== 'VALID' })
    }
  })

  it.each([
    ['deno', /^Deno 2\./],
    ['bun', /^Bun 1\./],
    ['workerd', /^workerd 1\./],
    ['edge-light', /^Node\.js \d+\.\d+\.\d+ \(edge-light\)$/],
  ] as const)('%s gives every vector Node.js’s outcome: code, message, scheme, decoded status and delivery key', async (runtime, version) => {
    const [node, other] = await Promise.all([report('node'), runtimeReport(runtime)])
    expect(other.runtime).toMatch(version)
    expect(other.outcomes).toEqual(node.outcomes)
  })
})

describe('the recipes, each made once at start-up, answer signed deliveries as the README’s outcome table says', () => {
  it.each<[Runtime, string]>([
    ['deno', 'examples/deno.ts'],
    ['bun', 'examples/bun.ts'],
    ['workerd', 'examples/cloudflare-worker.ts'],
    ['edge-light', 'examples/hono.ts'],
  ])('%s: %s', async (runtime) => {
    const { answers } = await runtimeReport(runtime)
    expect(answers).toEqual(expectedAnswers())
  })

  it.each<Runtime>(['deno', 'bun', 'workerd'])('%s: examples/hono.ts as well', async (runtime) => {
    const { honoAnswers } = await runtimeReport(runtime)
    expect(honoAnswers).toEqual(expectedAnswers())
  })
})

describe('a recipe whose key is not a PEM', () => {
  it.each(['deno', 'bun'])('%s: the server does not start, and says which setting is wrong', async (runtime) => {
    const { code, stderr } = await (misconfigured.get(runtime) as Promise<{ code: number | null; stderr: string }>)
    expect(code).toBeGreaterThan(0)
    expect(stderr).toMatch(/INVALID_OPTIONS: publicKeys /)
  })

  it('workerd: the Worker answers 500, and QI Tech retries meanwhile', async () => {
    expect((await runtimeReport('workerd')).misconfigured).toEqual({ status: 500, body: { error: 'INVALID_OPTIONS' } })
  })
})
