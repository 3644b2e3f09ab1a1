// Worker threads: on NDJSON of 4 MB or more, `check` hands batches of lines to worker threads, and prints what
// they answer in the order of the input, as if the main thread had judged every line.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { buildStatusChangeWebhook } from 'qitech-installment-webhooks/testing'
import { checkPayload } from '../../src/cli/check'
import { PARALLEL_MIN_BYTES, type RunOptions, run, startsWorkersAtOnce } from '../../src/cli/run'
import { buildOnce, cliPath, collect, paidLine, resultLines, root, runCli, scratch, unknownStatusLine, updateLine } from './run-cli'

buildOnce()
const file = scratch()

const runWith = async (options: Pick<RunOptions, 'inputs' | 'workers'>) => {
  const stdout = collect()
  const code = await run(
    { judge: checkPayload, format: 'text', quiet: false, failuresShown: 100, maxPayloadBytes: 1e6, ...options },
    { stdout: stdout.stream, stderr: Object.assign(new PassThrough(), { isTTY: false }) },
  )
  return { code, stdout: stdout.text() }
}

// How much of a file the checker reads at once (src/cli/input.ts).
const READ_BYTES = 1 << 20

/** `count` copies of the paid seed, one per line: about 1.5 kB each. */
const paidLines = (count: number): string => `${paidLine}\n`.repeat(count)

describe('check with worker threads: the run', () => {
  const stub = join(__dirname, 'stub-worker.mjs')

  const lines = Math.ceil((PARALLEL_MIN_BYTES + 8 * READ_BYTES) / (paidLine.length + 1))
  const big = file('big.ndjson', paidLines(lines))
  const bigGz = file('big.ndjson.gz', gzipSync(paidLines(lines)))

  it.each([
    // A gzip file's size says little of how many lines it holds: its first 4 MB are judged on the main thread.
    ['a .gz file, whose size is not known in advance, from its first 4 MB on', { name: bigGz, gzip: true, whole: false }, true],
    // A file's size is known when it is opened: past 4 MB, the workers start at once and take the first batches.
    ['a file of 4 MB or more, from its first batch on', { name: big, gzip: false, whole: false }, false],
  ])('hands %s to the workers, judges a batch itself whenever they have enough, and prints all in order', async (_, input, mainFirst) => {
    const { stdout, code } = await runWith({ inputs: [input], workers: { path: stub, count: 2 } })
    const printed = resultLines(stdout)
    const lineOf = (result: string): number => Number(/:(\d+): paid \S+ ok$/.exec(result)?.[1])
    const answers = printed.flatMap((result, at) => {
      const answer = /: batch (\d+), after line (\d+), from a worker$/.exec(result)
      return answer === null ? [] : [{ at, seq: Number(answer[1]), after: Number(answer[2]) }]
    })
    const onMain = printed.filter((result) => result.endsWith(' ok'))
    expect(onMain.length + answers.length).toBe(printed.length)
    const lineBytes = paidLine.length + 1
    const [first] = answers
    if (mainFirst) {
      // Whole lines on the main thread until 4 MB were judged, then the workers' first answer.
      expect(first.at * lineBytes).toBeGreaterThanOrEqual(PARALLEL_MIN_BYTES)
      expect(first.at * lineBytes).toBeLessThan(PARALLEL_MIN_BYTES + READ_BYTES + lineBytes)
    } else {
      expect(first.at).toBe(0)
    }
    expect(first.after).toBe(first.at)
    // The workers answer slowly (the even batches last), so the main thread judged batches of its own between theirs.
    expect(answers.length).toBeGreaterThanOrEqual(4)
    expect(onMain.length).toBeGreaterThan(first.at)
    // Everything in the order read: line numbers rise, and each answer sits between the lines before and after it.
    const numbers = onMain.map(lineOf)
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b))
    expect(answers.map((answer) => answer.seq)).toEqual([...answers.map((answer) => answer.seq)].sort((a, b) => a - b))
    for (const { at, after } of answers) {
      const before = printed.slice(0, at).filter((result) => result.endsWith(' ok')).map(lineOf)
      const later = printed.slice(at + 1).filter((result) => result.endsWith(' ok')).map(lineOf)
      expect(before.every((line) => line <= after) && later.every((line) => line > after)).toBe(true)
    }
    // The workers' counts are added to the summary, their failures listed in order.
    const n = answers.length
    expect(stdout).toContain(`summary: 1 input, ${onMain.length + n} payloads: ${onMain.length} ok, ${n} failed`)
    expect(stdout).toContain(`  by code: FROM_A_WORKER ${n}\n`)
    expect(stdout.split('failures (all):\n')[1]).toBe(answers.map(({ seq }) => `    batch ${seq}\n`).join(''))
    expect(code).toBe(1)
  })

  it('with filesOnly, hands only a plain file to the workers: a .gz file stays on the main thread', async () => {
    const workers = { path: stub, count: 1, filesOnly: true }
    const fromWorkers = (stdout: string) => resultLines(stdout).filter((result) => result.endsWith('from a worker')).length
    expect(fromWorkers((await runWith({ inputs: [{ name: big, gzip: false, whole: false }], workers })).stdout)).toBeGreaterThan(0)
    const gz = await runWith({ inputs: [{ name: bigGz, gzip: true, whole: false }], workers })
    expect(fromWorkers(gz.stdout)).toBe(0)
    expect(gz.stdout).toContain(`summary: 1 input, ${lines} payloads: ${lines} ok, 0 failed`)
    // After a file whose lines went to the workers, a .gz file's lines are judged on the main thread, in order.
    const both = resultLines((await runWith({ inputs: [{ name: big, gzip: false, whole: false }, { name: bigGz, gzip: true, whole: false }], workers })).stdout)
    expect(fromWorkers(both.slice(0, -lines).join('\n'))).toBeGreaterThan(0)
    expect(both.slice(-lines)).toEqual(Array.from({ length: lines }, (_, i) => expect.stringMatching(`^${bigGz}:${i + 1}: paid \\S+ ok$`)))
  })

  it('starts no worker for an input under 4 MB', async () => {
    const input = { name: file('small.ndjson', paidLines(100)), gzip: false, whole: false }
    const { stdout, code } = await runWith({ inputs: [input], workers: { path: join(__dirname, 'no-such-worker.js'), count: 2 } })
    expect(stdout).toContain('summary: 1 input, 100 payloads: 100 ok, 0 failed')
    expect(code).toBe(0)
  })

  it('starts the workers as soon as an input is opened only for a plain NDJSON file of 4 MB or more', () => {
    const ndjson = { name: 'a.ndjson', gzip: false, whole: false }
    expect(startsWorkersAtOnce(ndjson, PARALLEL_MIN_BYTES)).toBe(true)
    expect(startsWorkersAtOnce(ndjson, PARALLEL_MIN_BYTES - 1)).toBe(false)
    // stdin: the size is not known in advance.
    expect(startsWorkersAtOnce({ name: '-', gzip: false, whole: false }, undefined)).toBe(false)
    // gzip: the size is that of the compressed bytes; its lines go to the workers once 4 MB of them have been read.
    expect(startsWorkersAtOnce({ name: 'a.ndjson.gz', gzip: true, whole: false }, 10 * PARALLEL_MIN_BYTES)).toBe(false)
    // A .json file is one payload, judged on the main thread whatever its size.
    expect(startsWorkersAtOnce({ name: 'a.json', gzip: false, whole: true }, 10 * PARALLEL_MIN_BYTES)).toBe(false)
  })

  it('fails the run, rather than waiting for ever, when a worker cannot judge a batch', async () => {
    const input = { name: file('big-too.ndjson', paidLines(Math.ceil((2 * PARALLEL_MIN_BYTES) / paidLine.length))), gzip: false, whole: false }
    await expect(runWith({ inputs: [input], workers: { path: join(__dirname, 'failing-worker.mjs'), count: 1 } })).rejects.toThrow(
      'a worker thread failed: a batch this worker cannot judge',
    )
  })

  it('fails the run, rather than waiting for ever, when a worker cannot start', async () => {
    const input = { name: file('big-again.ndjson', paidLines(Math.ceil((2 * PARALLEL_MIN_BYTES) / paidLine.length))), gzip: false, whole: false }
    await expect(runWith({ inputs: [input], workers: { path: join(__dirname, 'no-such-worker.js'), count: 2 } })).rejects.toThrow(/no-such-worker/)
  })
})

describe('check --jobs: the built checker', () => {
  // About 6 MB of NDJSON with every kind of line the cutter treats apart, some of them across the 1 MB reads: valid
  // payloads of both variants, failures, blank and whitespace lines, CRLF endings, bytes that are not UTF-8, lines
  // over --max-payload-bytes, lines just under it, and a last line cut short.
  const MAX = 200_000
  const big = (size: number) => JSON.stringify({ ...buildStatusChangeWebhook('paid'), note: 'n'.repeat(size) })
  const kinds = [
    paidLine,
    updateLine,
    unknownStatusLine,
    'not json',
    '',
    ' \t ',
    `${paidLine}\r`,
    Buffer.from([0x7b, 0xff, 0x7d]).toString('latin1'),
    JSON.stringify(buildStatusChangeWebhook('overdue')),
  ]
  const lines: string[] = []
  for (let i = 0, size = 0; size < 6e6; i++) {
    // Every 500 lines, a line over the limit and one just under it, which the 1 MB reads often cut in two.
    const line = i % 500 === 499 ? `${big(MAX + 1000)}\n${big(MAX - 2000)}` : kinds[i % kinds.length]
    lines.push(line)
    size += line.length + 1
  }
  const text = Buffer.from(`${lines.join('\n')}\n${paidLine.slice(0, 300)}`, 'latin1')
  const ndjson = file('mixed.ndjson', text)
  const gz = file('mixed.ndjson.gz', gzipSync(text))

  const check = (args: string[], input?: Buffer) => {
    const result = runCli(['check', '--max-payload-bytes', String(MAX), '--failures', '50', ...args], input)
    return { status: result.status, stdout: result.stdout, stderr: result.stderr }
  }

  const seed = file('seed.json', paidLine)

  it.each([
    ['a file, then a .json file', [ndjson, seed], undefined],
    ['a .gz file', [gz], undefined],
    ['stdin', ['-'], text],
  ])('prints for %s what the main thread alone prints, in text and in JSON', (_, names, stdin) => {
    for (const format of ['text', 'json']) {
      const alone = check(['--jobs', '1', '--format', format, ...names], stdin)
      expect(alone.stdout.split('\n').length).toBeGreaterThan(3500)
      expect(alone.status).toBe(1)
      for (const jobs of ['2', '3']) expect(check(['--jobs', jobs, '--format', format, ...names], stdin)).toEqual(alone)
    }
  })

  it('numbers the lines of each input from 1, when a file that ends with a newline is given twice', () => {
    const lines = file('paid.ndjson', paidLines(Math.ceil(PARALLEL_MIN_BYTES / paidLine.length)))
    const alone = check(['--jobs', '1', lines, lines])
    expect(alone.stdout).toContain(`${lines}:1: paid`)
    expect(check(['--jobs', '2', lines, lines])).toEqual(alone)
  })

  it('holds every kind of line in the input it checks', () => {
    const { stdout } = check(['--jobs', '2', ndjson])
    const summary = stdout.split('summary: ')[1]
    expect(summary).toMatch(/by outcome: ok \d+, invalid \d+, unreadable \d+\n/)
    expect(summary).toMatch(/by code: INVALID_JSON \d+, UNKNOWN_STATUS \d+, PAYLOAD_TOO_LARGE \d+\n/)
    expect(summary).toMatch(/by status: paid \d+, update \d+, overdue \d+\n/)
    expect(resultLines(stdout).at(-1)).toMatch(/INVALID_JSON .*\(the last line ends without a newline: was the input cut short\?\)$/)
  })

  it('starts its worker threads from dist/cli-worker.js with --jobs 2, none with --jobs 1, and by default only for a file', () => {
    // A copy of the checker in a folder of the package without the worker's script: it fails only if it starts one.
    const dir = mkdtempSync(join(root, '.cli-without-worker-'))
    try {
      const copy = join(dir, 'cli.js')
      copyFileSync(cliPath, copy)
      const withWorkers = spawnSync(process.execPath, [copy, 'check', '--quiet', '--jobs', '2', ndjson], { encoding: 'utf8' })
      expect(withWorkers.stderr).toMatch(/could not run: .*cli-worker\.js/)
      expect(withWorkers.status).toBe(2)
      expect(spawnSync(process.execPath, [copy, 'check', '--quiet', '--jobs', '1', ndjson]).status).toBe(1)
      // Without --jobs: two threads for a plain file where the machine has two cores or more; one for gzip and stdin.
      const byDefault = spawnSync(process.execPath, [copy, 'check', '--quiet', ndjson], { encoding: 'utf8' })
      expect(byDefault.status).toBe(availableParallelism() >= 2 ? 2 : 1)
      expect(spawnSync(process.execPath, [copy, 'check', '--quiet', gz]).status).toBe(1)
      expect(spawnSync(process.execPath, [copy, 'check', '--quiet', '-'], { input: text }).status).toBe(1)
      expect(spawnSync(process.execPath, [copy, 'check', '--quiet', '--jobs', '2', gz]).status).toBe(2)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
