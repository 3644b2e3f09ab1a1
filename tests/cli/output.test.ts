// The results the checker prints: text lines, NDJSON records, --quiet, and output larger than a pipe holds.
import { spawn } from 'node:child_process'
import { Writable } from 'node:stream'
import { Output } from '../../src/cli/output'
import { buildBankSlipUpdateWebhook } from 'qitech-installment-webhooks/testing'
import { PAID_KEY, UPDATE_KEY, buildOnce, cliPath, paidLine, rejection, resultLines, root, runCli, scratch, unknownStatusLine, updateLine } from './run-cli'

buildOnce()
const file = scratch()

const okFields = { webhook_type: 'installment.status_change', code: null, detail: null, issues: [], omitted_issues: 0 }

describe('qitech-installment-webhooks check --format json', () => {
  it('prints one JSON record per payload, and nothing else, on stdout', () => {
    const input = file('mixed.ndjson', `${paidLine}\n\n${unknownStatusLine}\n${updateLine}\n`)
    const result = runCli(['check', '--format', 'json', input, 'fixtures/missing.ndjson'])
    const records = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line))
    const unknown = rejection(unknownStatusLine)
    expect(records).toEqual([
      { file: input, line: 1, ok: true, outcome: 'ok', ...okFields, status: 'paid', installment_keys: [PAID_KEY] },
      {
        file: input,
        line: 3,
        ok: false,
        outcome: 'invalid',
        webhook_type: 'installment.status_change',
        status: 'canceled',
        installment_keys: [],
        code: 'UNKNOWN_STATUS',
        detail: unknown.slice('UNKNOWN_STATUS '.length, -' (status "canceled")'.length),
        issues: [expect.objectContaining({ path: 'data.status' })],
        omitted_issues: 0,
      },
      { file: input, line: 4, ok: true, outcome: 'ok', ...okFields, status: 'update', installment_keys: [UPDATE_KEY] },
      {
        file: 'fixtures/missing.ndjson',
        line: null,
        ok: false,
        outcome: 'unreadable',
        webhook_type: null,
        status: null,
        installment_keys: [],
        code: 'UNREADABLE_INPUT',
        detail: 'cannot open: no such file',
        issues: [],
        omitted_issues: 0,
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

describe('qitech-installment-webhooks check: text from the input cannot forge or hide a result', () => {
  // A key that would print a forged result line, colour the terminal, and reverse the text after it.
  const forged = 'k1 ok\ncaptures.ndjson:99: paid FORGED-KEY ok\u001b[31m\u202e\u2066'

  it('prints an installment key holding a newline, an escape sequence and bidirectional controls as an escaped JSON string', () => {
    const webhook = JSON.parse(paidLine)
    webhook.data.installment.installment_key = forged
    const input = file('forged.ndjson', `${JSON.stringify(webhook)}\n`)
    const result = runCli(['check', input])
    const [line] = resultLines(result.stdout)
    expect(line).toBe(`${input}:1: paid "k1 ok\\ncaptures.ndjson:99: paid FORGED-KEY ok\\u001b[31m\\u202e\\u2066" ok`)
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e\u2066-\u2069]/) // eslint-disable-line no-control-regex -- no control character may reach the terminal
    expect(result.stdout.split('\n').filter((text) => text.includes('FORGED'))).toHaveLength(1)
    const record = JSON.parse(runCli(['check', '--format', 'json', input]).stdout)
    expect(record.installment_keys).toEqual([forged])
  })

  it('escapes a file name holding a newline and a right-to-left override, in results, the summary and JSON', () => {
    const input = file('a\nfake.ndjson:1: paid x ok\u202egpj.ndjson', `${unknownStatusLine}\n`)
    const escaped = JSON.stringify(input).replace('\u202e', '\\u202e')
    const result = runCli(['check', input])
    expect(resultLines(result.stdout)).toEqual([`${escaped}:1: ${rejection(unknownStatusLine)}`])
    expect(result.stdout).toContain(`    ${escaped}:1: UNKNOWN_STATUS`)
    expect(result.stdout).not.toMatch(/[\u202a-\u202e]/)
    const json = runCli(['check', '--format', 'json', input]).stdout
    expect(json).toContain('\\u202e')
    expect(JSON.parse(json).file).toBe(input)
  })

  it('shows the status and webhook type it does not know, escaped, in text and JSON', () => {
    const status = 'canceled\n-:2: paid x ok\u202e'
    const unknownStatus = JSON.stringify({ webhook_type: 'installment.status_change', key: 'k', data: { status } })
    const otherType = JSON.stringify({ webhook_type: 'laas.credit_operation.installment.payment', key: 'k', data: {} })
    const input = file('unknown.ndjson', `${unknownStatus}\n${otherType}\n`)
    const lines = resultLines(runCli(['check', input]).stdout)
    expect(lines).toEqual([`${input}:1: ${rejection(unknownStatus)}`.replace(JSON.stringify(status), '"canceled\\n-:2: paid x ok\\u202e"'), `${input}:2: ${rejection(otherType)}`])
    expect(lines[0]).toMatch(/ \(status "canceled\\n-:2: paid x ok\\u202e"\)$/)
    expect(lines[1]).toMatch(/^\S+: UNSUPPORTED_WEBHOOK_TYPE .* \(webhook_type "laas\.credit_operation\.installment\.payment"\)$/)
    const records = runCli(['check', '--format', 'json', input]).stdout.trimEnd().split('\n').map((text) => JSON.parse(text))
    expect(records.map((record) => [record.code, record.webhook_type, record.status])).toEqual([
      ['UNKNOWN_STATUS', 'installment.status_change', status],
      ['UNSUPPORTED_WEBHOOK_TYPE', 'laas.credit_operation.installment.payment', null],
    ])
  })
})

describe('Output', () => {
  it('waits in flush until a full stream drains, and writes every result in order', async () => {
    const taken: string[] = []
    const stream = new Writable({ highWaterMark: 16, write: (chunk: Buffer, _encoding, callback) => void setTimeout(() => (taken.push(chunk.toString()), callback()), 5) })
    const output = new Output(stream, 'text', false)
    output.add({ file: 'f', line: 1 }, { ok: false, kind: 'invalid', code: 'X', detail: 'd'.repeat(100), issues: [], omittedIssues: 0 }, undefined)
    let flushed = false
    const flush = output.flush().then(() => (flushed = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(flushed).toBe(false)
    await flush
    expect(taken).toEqual([`f:1: X ${'d'.repeat(100)}\n`])
  })
})
