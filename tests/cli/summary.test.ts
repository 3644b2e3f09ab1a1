// The summary at the end of a run: totals by outcome, code and status, and the first failures.
import { buildStatusChangeWebhook } from 'qitech-installment-webhooks/testing'
import { buildOnce, paidLine, rejection, runCli, scratch, summaryOf, unknownStatusLine, updateLine } from './run-cli'

buildOnce()
const file = scratch()

const overdueLine = JSON.stringify(buildStatusChangeWebhook('overdue'))

describe('qitech-installment-webhooks check: the summary', () => {
  it('counts payloads by outcome, code and status, and lists the failures, at the end of stdout', () => {
    const input = file(
      'mixed.ndjson',
      [paidLine, unknownStatusLine, paidLine, 'not json', updateLine, overdueLine, paidLine, unknownStatusLine].join('\n'),
    )
    const result = runCli(['check', input, 'fixtures/missing.ndjson'])
    expect(summaryOf(result.stdout)).toBe(
      [
        'summary: 2 inputs, 8 payloads: 5 ok, 3 failed; 1 input unreadable',
        '  by outcome: ok 5, invalid 3, unreadable 1',
        '  by code: UNKNOWN_STATUS 2, INVALID_JSON 1, UNREADABLE_INPUT 1',
        '  by status: paid 3, overdue 1, update 1',
        '  failures (all):',
        `    ${input}:2: ${rejection(unknownStatusLine)}`,
        `    ${input}:4: ${rejection('not json')}`,
        `    ${input}:8: ${rejection(unknownStatusLine)}`,
        '    fixtures/missing.ndjson: UNREADABLE_INPUT cannot open: no such file',
        '',
      ].join('\n'),
    )
    expect(result.stderr).toBe('')
  })

  it('lists the first --failures failures and says how many there were', () => {
    const input = file('failures.ndjson', Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? unknownStatusLine : paidLine)).join('\n'))
    const summary = summaryOf(runCli(['check', '--failures', '2', input]).stdout).split('\n')
    expect(summary.slice(4)).toEqual([
      '  failures (first 2 of 3):',
      `    ${input}:1: ${rejection(unknownStatusLine)}`,
      `    ${input}:3: ${rejection(unknownStatusLine)}`,
      '',
    ])
  })

  it('lists no failures with --failures 0, and still counts them', () => {
    const input = file('no-list.ndjson', `${unknownStatusLine}\n`)
    expect(summaryOf(runCli(['check', '--failures', '0', input]).stdout)).toBe(
      'summary: 1 input, 1 payload: 0 ok, 1 failed\n  by outcome: invalid 1\n  by code: UNKNOWN_STATUS 1\n',
    )
  })

  it('goes to stderr with --format json, leaving stdout to the records', () => {
    const input = file('json.ndjson', `${paidLine}\n${unknownStatusLine}\n`)
    const result = runCli(['check', '--format', 'json', input])
    expect(result.stderr).toBe(
      [
        'summary: 1 input, 2 payloads: 1 ok, 1 failed',
        '  by outcome: ok 1, invalid 1',
        '  by code: UNKNOWN_STATUS 1',
        '  by status: paid 1',
        '  failures (all):',
        `    ${input}:2: ${rejection(unknownStatusLine)}`,
        '',
      ].join('\n'),
    )
    expect(result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line).ok)).toEqual([true, false])
  })
})
