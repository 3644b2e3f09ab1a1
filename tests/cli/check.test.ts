// check: what the checker says of each payload, as the decoder decides it.
import { decodeInstallmentWebhook } from 'qitech-installment-webhooks'
import { loadFixture, readFixture, validFixtureNames } from '../fixtures'
import { buildOnce, paidLine, rejection, resultLines, runCli, scratch } from './run-cli'

buildOnce()
const file = scratch()

const keysOf = (webhook: Record<string, any>): string[] =>
  webhook.data.status === 'update'
    ? (webhook.data.installments as Array<{ installment_key: string }>).map((i) => i.installment_key)
    : [webhook.data.installment.installment_key as string]

describe('qitech-installment-webhooks check: outcomes', () => {
  it('prints the status and installment keys of every valid fixture, each given as a file and as an NDJSON line', () => {
    const ndjson = file('fixtures.ndjson', validFixtureNames.map((name) => JSON.stringify(loadFixture(name))).join('\n'))
    const files = validFixtureNames.map((name) => `fixtures/${name}`)
    const result = runCli(['check', ...files, ndjson])
    const expected = validFixtureNames.map((name) => {
      const webhook = loadFixture(name)
      return `${webhook.data.status} ${keysOf(webhook).join(',')} ok`
    })
    expect(resultLines(result.stdout)).toEqual([
      ...files.map((name, i) => `${name}: ${expected[i]}`),
      ...expected.map((text, i) => `${ndjson}:${i + 1}: ${text}`),
    ])
    expect(result.status).toBe(0)
  })

  it.each(['invalid/paid-amount-as-string.json', 'invalid/laas-installment-payment.json'])(
    'prints the code and first issue of %s, as the decoder reports them',
    (name) => {
      const result = runCli(['check', `fixtures/${name}`])
      expect(resultLines(result.stdout)).toEqual([`fixtures/${name}: ${rejection(readFixture(name))}`])
      expect(result.status).toBe(1)
    },
  )

  it('counts the issues after the first', () => {
    const paid = JSON.parse(paidLine)
    paid.data.installment.due_date = 'soon'
    paid.data.installment.total_amount = 'a lot'
    paid.data.is_finished = 'yes'
    const body = JSON.stringify(paid)
    const input = file('three-issues.ndjson', body)
    const [line] = resultLines(runCli(['check', input]).stdout)
    expect(line).toBe(`${input}:1: ${rejection(body)}`)
    expect(line).toMatch(/; and 2 more issues$/)
  })

  it('lists every issue of the decoder in a JSON record', () => {
    const paid = JSON.parse(paidLine)
    paid.data.installment.due_date = '2026-02-30'
    paid.data.installment.installment_payment[0].paid_amount = '1009.68'
    const body = JSON.stringify(paid)
    const decoded = decodeInstallmentWebhook(body)
    if (decoded._tag === 'Right') throw new Error('the test payload must fail')
    const result = runCli(['check', '--format', 'json', file('issues.ndjson', body)])
    const record = JSON.parse(result.stdout)
    expect(record.issues).toEqual(decoded.left.issues)
    expect(record.issues).toHaveLength(2)
    expect(record.omitted_issues).toBe(0)
    expect(record.code).toBe(decoded.left.code)
  })

  it('reports a payload that is not JSON, and one that is JSON but not an object', () => {
    const input = file('not-webhooks.ndjson', 'not json\n[1,2]\n"text"\n')
    const result = runCli(['check', input])
    expect(resultLines(result.stdout)).toEqual([
      `${input}:1: ${rejection('not json')}`,
      `${input}:2: ${rejection('[1,2]')}`,
      `${input}:3: ${rejection('"text"')}`,
    ])
    expect(resultLines(result.stdout).map((line) => line.split(' ')[1])).toEqual(['INVALID_JSON', 'NOT_AN_OBJECT', 'NOT_AN_OBJECT'])
  })

  it('reports at most 100 issues of a hostile line of empty installments, and counts the rest, in text and JSON', () => {
    const body = `{"key":"k","webhook_type":"installment.status_change","data":{"status":"update","installments":[${'{},'.repeat(99_999)}{}]}}`
    const decoded = decodeInstallmentWebhook(body)
    if (decoded._tag === 'Right') throw new Error('the test payload must fail')
    expect(decoded.left.omittedIssues).toBeGreaterThan(100_000)
    const input = file('hostile.ndjson', `${body}\n${paidLine}\n`)
    const [line, next] = resultLines(runCli(['check', input]).stdout)
    expect(line).toBe(`${input}:1: ${rejection(body)}`)
    expect(line).toMatch(new RegExp(`; and ${99 + decoded.left.omittedIssues} more issues$`))
    expect(next).toMatch(/:2: paid /)
    const record = JSON.parse(runCli(['check', '--format', 'json', input]).stdout.split('\n')[0])
    expect(record.issues).toEqual(decoded.left.issues)
    expect(record.issues).toHaveLength(100)
    expect(record.omitted_issues).toBe(decoded.left.omittedIssues)
  }, 60_000)
})
