// The results the checker prints: text lines, NDJSON records, --quiet, and output larger than a pipe holds.
import { spawn } from 'node:child_process'
import { Output } from '../../src/cli/output'
import { buildBankSlipUpdateWebhook } from 'qitech-installment-webhooks/testing'
import { PAID_KEY, UPDATE_KEY, buildOnce, cliPath, paidLine, rejection, resultLines, root, runCli, scratch, unknownStatusLine, updateLine } from './run-cli'

buildOnce()
const file = scratch()

describe('qitech-installment-webhooks check --format json', () => {
  it('prints one JSON record per payload, and nothing else, on stdout', () => {
    const input = file('mixed.ndjson', `${paidLine}\n\n${unknownStatusLine}\n${updateLine}\n`)
    const result = runCli(['check', '--format', 'json', input, 'fixtures/missing.ndjson'])
    const records = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line))
    const unknown = rejection(unknownStatusLine)
    expect(records).toEqual([
      { file: input, line: 1, ok: true, outcome: 'ok', status: 'paid', installment_keys: [PAID_KEY], code: null, detail: null, issues: [] },
      {
        file: input,
        line: 3,
        ok: false,
        outcome: 'invalid',
        status: null,
        installment_keys: [],
        code: 'UNKNOWN_STATUS',
        detail: unknown.slice('UNKNOWN_STATUS '.length),
        issues: [expect.objectContaining({ path: 'data.status' })],
      },
      { file: input, line: 4, ok: true, outcome: 'ok', status: 'update', installment_keys: [UPDATE_KEY], code: null, detail: null, issues: [] },
      {
        file: 'fixtures/missing.ndjson',
        line: null,
        ok: false,
        outcome: 'unreadable',
        status: null,
        installment_keys: [],
        code: 'UNREADABLE_INPUT',
        detail: 'cannot open: no such file',
        issues: [],
      },
    ])
    expect(result.stderr).toMatch(/^summary: /)
    expect(result.status).toBe(1)
  })

  it('gives a whole-file payload a null line, lists every installment key, and notes a cut-short last line', () => {
    const installments = Array.from({ length: 7 }, (_, i) => ({ ...buildBankSlipUpdateWebhook().data.installments[0], installment_key: `k${i}` }))
    const seven = JSON.stringify(buildBankSlipUpdateWebhook({ data: { installments } }))
    const json = file('seven.json', seven)
    const cut = file('cut.ndjson', paidLine.slice(0, 100))
    const records = runCli(['check', '--format', 'json', json, cut])
      .stdout.trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line))
    expect(records[0]).toMatchObject({ file: json, line: null, ok: true, installment_keys: ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6'] })
    expect(records[1]).toMatchObject({ file: cut, line: 1, ok: false, code: 'INVALID_JSON', note: 'the last line ends without a newline: was the input cut short?' })
  })

  it('escapes file names in JSON', () => {
    const odd = file('a "quoted" \\ name.ndjson', `${paidLine}\n`)
    expect(JSON.parse(runCli(['check', '--format', 'json', odd]).stdout).file).toBe(odd)
  })
})

describe('qitech-installment-webhooks check --format text', () => {
  it('lists up to five installment keys of an update and counts the rest', () => {
    const installments = Array.from({ length: 7 }, (_, i) => ({ ...buildBankSlipUpdateWebhook().data.installments[0], installment_key: `k${i}` }))
    const input = file('seven.ndjson', JSON.stringify(buildBankSlipUpdateWebhook({ data: { installments } })))
    expect(resultLines(runCli(['check', input]).stdout)).toEqual([`${input}:1: update k0,k1,k2,k3,k4 (and 2 more) ok`])
  })
})

describe('qitech-installment-webhooks check --quiet', () => {
  const input = () => file('quiet.ndjson', `${paidLine}\n${unknownStatusLine}\n${updateLine}\n`)

  it('prints only the failures, without a summary, in text', () => {
    const name = input()
    const result = runCli(['check', '--quiet', name])
    expect(result.stdout).toBe(`${name}:2: ${rejection(unknownStatusLine)}\n`)
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 1 })
  })

  it('prints only the failures, without a summary, in JSON', () => {
    const result = runCli(['check', '-q', '--format', 'json', input()])
    expect(result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line).line)).toEqual([2])
    expect({ stderr: result.stderr, status: result.status }).toEqual({ stderr: '', status: 1 })
  })

  it('prints nothing and exits 0 when every payload decodes', () => {
    const result = runCli(['check', '-q', 'fixtures/seed-paid.json'])
    expect({ stdout: result.stdout, stderr: result.stderr, status: result.status }).toEqual({ stdout: '', stderr: '', status: 0 })
  })
})

describe('qitech-installment-webhooks check: a reader slower than the checker', () => {
  it('writes every result through a pipe read slowly, in order', async () => {
    const count = 20_000
    const input = file('many.ndjson', `${paidLine}\n`.repeat(count))
    const child = spawn(process.execPath, [cliPath, 'check', '--format', 'json', input], { cwd: root })
    const chunks: Buffer[] = []
    // Read a chunk, then pause, so the pipe fills and the checker must wait for it to drain.
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      child.stdout.pause()
      setTimeout(() => child.stdout.resume(), 2)
    })
    const status = await new Promise((resolve) => child.on('close', resolve))
    const lines = Buffer.concat(chunks).toString().trimEnd().split('\n')
    expect(lines.map((line) => JSON.parse(line).line)).toEqual(Array.from({ length: count }, (_, i) => i + 1))
    expect(status).toBe(0)
  }, 60_000)
})

describe('Output', () => {
  /** A stream that takes each write only when told to, as a pipe with a slow reader does. */
  const slowSink = () => {
    const waiting: Array<() => void> = []
    const taken: number[] = []
    return {
      sink: {
        write: (chunk: Buffer | string, callback?: () => void) => {
          taken.push(Buffer.byteLength(chunk))
          if (callback !== undefined) waiting.push(callback)
          return false
        },
      },
      taken,
      takeAll: () => waiting.splice(0).forEach((callback) => callback()),
    }
  }

  it('keeps the results a worker wrote out as they were, though their memory is filled again before the stream takes them', async () => {
    const kept: Array<Buffer | string> = []
    const waiting: Array<() => void> = []
    const sink = {
      write: (chunk: Buffer | string, callback?: () => void) => {
        kept.push(chunk)
        if (callback !== undefined) waiting.push(callback)
        return false
      },
    }
    const output = new Output(sink, 'text', false)
    // One part that fits the output's buffer, one that does not and goes to the stream at once.
    for (const size of [100, 300 * 1024]) {
      const memory = Buffer.alloc(size, 0x61)
      output.addWritten(memory)
      memory.fill(0x62)
    }
    const flush = output.flush()
    waiting.splice(0).forEach((callback) => callback())
    await flush
    expect(Buffer.concat(kept.map((chunk) => Buffer.from(chunk))).toString()).toBe('a'.repeat(100 + 300 * 1024))
  })

  it.each([
    ['results written out by a worker, larger than its buffer', (output: Output) => output.addWritten(Buffer.alloc(300 * 1024, 0x61))],
    ['a result larger than its buffer', (output: Output) => output.add({ file: 'f', line: 1 }, { ok: false, kind: 'invalid', code: 'X', detail: 'd'.repeat(300 * 1024), issues: [] }, undefined)],
  ])('waits in flush until the stream has taken %s', async (_, add) => {
    const { sink, taken, takeAll } = slowSink()
    const output = new Output(sink, 'text', false)
    add(output)
    let flushed = false
    const flush = output.flush().then(() => (flushed = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(taken.length).toBeGreaterThan(0)
    expect(flushed).toBe(false)
    takeAll()
    await flush
    expect(flushed).toBe(true)
  })
})
