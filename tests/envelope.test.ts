import * as t from 'io-ts'
import { isEnvelope, webhookEnvelope } from '../src/envelope'

const Data = t.type({ status: t.literal('x') })
const Webhook = webhookEnvelope('Webhook', Data, (u) => isEnvelope(u) && Data.is(u.data))
const valid = { key: 'k', webhook_type: 'installment.status_change', data: { status: 'x' } }

describe('webhookEnvelope', () => {
  it('builds a codec of key, webhook_type and data that returns a valid body itself, extra fields kept', () => {
    const body = { ...valid, added_later: true }
    const result = Webhook.decode(body)
    expect(result._tag === 'Right' && result.right).toBe(body)
  })

  it.each([
    ['an empty key', { ...valid, key: '' }, 'key'],
    ['another webhook_type', { ...valid, webhook_type: 'other' }, 'webhook_type'],
    ['a broken data', { ...valid, data: { status: 'y' } }, 'status'],
  ])('rejects %s at its key', (_, body, key) => {
    const result = Webhook.decode(body)
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(result.left.map((e) => e.context[e.context.length - 1].key)).toEqual([key])
  })

  it('takes the given guard as its is', () => {
    const never = webhookEnvelope('Never', Data, () => false)
    expect(never.is(valid)).toBe(false)
    expect(Webhook.is(valid)).toBe(true)
  })
})

describe('isEnvelope', () => {
  it.each([
    [valid, true],
    [{ ...valid, data: 'anything: each variant checks its own data' }, true],
    [{ ...valid, key: '' }, false],
    [{ ...valid, key: 7 }, false],
    [{ ...valid, webhook_type: 'other' }, false],
    [{ data: {} }, false],
    [[], false],
    [null, false],
  ])('judges %p as the envelope codec judges key and webhook_type', (body, expected) => {
    expect(isEnvelope(body)).toBe(expected)
  })
})
