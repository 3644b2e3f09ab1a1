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
})
