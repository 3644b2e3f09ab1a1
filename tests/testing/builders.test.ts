import { InstallmentStatus, decodeInstallmentWebhook } from '../../src'
import { buildBankSlipUpdateWebhook, buildStatusChangeWebhook } from '../../src/testing'
import { deepMerge } from '../../src/testing/builders'

const decode = (value: unknown) => decodeInstallmentWebhook(JSON.stringify(value))
const installmentStatuses = Object.keys(InstallmentStatus.keys) as InstallmentStatus[]

describe('buildStatusChangeWebhook', () => {
  it.each(installmentStatuses)('builds a %s webhook that decodes', (status) => {
    const webhook = buildStatusChangeWebhook(status)
    expect(decode(webhook)).toEqual({ _tag: 'Right', right: webhook })
    expect(webhook.data.status).toBe(status)
    expect(webhook.data.installment.installment_status?.enumerator).toBe(status)
  })

  it('builds a status this version does not know, without a cast, whose payload decodes to UNKNOWN_STATUS', () => {
    const webhook = buildStatusChangeWebhook('renegotiated', { data: { installment: { due_date: '2024-01-31' } } })
    expect(webhook.data.installment.installment_status).toEqual({
      enumerator: 'renegotiated',
      translation_path: 'co.InstallmentStatus.renegotiated',
    })
    const result = decode(webhook)
    expect(result._tag === 'Left' && result.left.code).toBe('UNKNOWN_STATUS')
  })

  it('marks only fully paid installments as finished and gives unpaid ones no payment', () => {
    expect(installmentStatuses.filter((status) => buildStatusChangeWebhook(status).data.is_finished)).toEqual([
      'paid',
      'paid_early',
      'paid_overdue',
    ])
    expect(buildStatusChangeWebhook('overdue').data.installment.installment_payment).toEqual([])
    expect(buildStatusChangeWebhook('paid_partial').data.installment.installment_payment).toHaveLength(1)
  })

  it('deep-merges overrides: nested fields change, their siblings stay, arrays are replaced', () => {
    const webhook = buildStatusChangeWebhook('paid', {
      key: 'op-1',
      data: { installment: { due_date: '2024-01-31', installment_payment: [{ paid_amount: 12.5 }], fine_amount: null } },
    })
    expect(decode(webhook)._tag).toBe('Right')
    expect(webhook.key).toBe('op-1')
    expect(webhook.data.installment.due_date).toBe('2024-01-31')
    expect(webhook.data.installment.installment_key).toBe(buildStatusChangeWebhook('paid').data.installment.installment_key)
    expect(webhook.data.installment.installment_payment).toEqual([{ paid_amount: 12.5 }])
    expect(webhook.data.is_finished).toBe(true)
  })

  it('returns a fresh object on each call', () => {
    const first = buildStatusChangeWebhook('opened')
    first.data.installment.events?.splice(0)
    expect(buildStatusChangeWebhook('opened').data.installment.events).toHaveLength(1)
  })

  it('shares no nested object between two payloads, so changing one leaves the next as it was', () => {
    const first = buildStatusChangeWebhook('paid')
    const event = first.data.installment.events?.[0]
    if (event === undefined) throw new Error('the paid payload has an open event')
    Object.assign(event, { amount: 1 })
    Object.assign(event.installment_event_type ?? {}, { enumerator: 'changed' })
    expect(buildStatusChangeWebhook('paid')).toEqual(buildStatusChangeWebhook('paid'))
    expect(buildStatusChangeWebhook('opened').data.installment.events?.[0]).toMatchObject({
      amount: null,
      installment_event_type: { enumerator: 'open' },
    })
  })

  it('lets an override make the payload invalid, so a handler’s rejection path can be tested', () => {
    const result = decode(buildStatusChangeWebhook('paid', { data: { installment: { due_date: '2023-02-30' } } }))
    expect(result._tag === 'Left' && result.left.issues.map((i) => i.path)).toEqual(['data.installment.due_date'])
  })

  it('ignores a __proto__ key in overrides instead of changing a prototype', () => {
    const overrides = JSON.parse('{"__proto__":{"polluted":true},"data":{"__proto__":{"polluted":true}}}') as object
    const webhook = buildStatusChangeWebhook('paid', overrides)
    expect(Object.getPrototypeOf(webhook)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(webhook.data)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('buildBankSlipUpdateWebhook', () => {
  it('builds a bank-slip update that decodes', () => {
    const webhook = buildBankSlipUpdateWebhook()
    expect(decode(webhook)).toEqual({ _tag: 'Right', right: webhook })
    expect(webhook.data.status).toBe('update')
    expect(webhook.data.installments).toHaveLength(1)
  })

  it('deep-merges overrides, replacing the installments array', () => {
    const webhook = buildBankSlipUpdateWebhook({
      key: 'op-2',
      data: { installments: [{ installment_key: 'i-1', due_date: '2024-08-17', total_amount: 10, digitable_line: null }] },
    })
    expect(decode(webhook)._tag).toBe('Right')
    expect(webhook.key).toBe('op-2')
    expect(webhook.data.status).toBe('update')
    expect(webhook.data.installments).toEqual([{ installment_key: 'i-1', due_date: '2024-08-17', total_amount: 10, digitable_line: null }])
  })
})

describe('deepMerge', () => {
  it('merges plain objects key by key, at every depth, leaving both inputs unchanged', () => {
    const base = { a: 1, nested: { b: 2, c: 3 } }
    const overrides = { nested: { c: 4, d: 5 }, e: 6 }
    expect(deepMerge(base, overrides)).toEqual({ a: 1, nested: { b: 2, c: 4, d: 5 }, e: 6 })
    expect(base).toEqual({ a: 1, nested: { b: 2, c: 3 } })
    expect(overrides).toEqual({ nested: { c: 4, d: 5 }, e: 6 })
  })

  it('replaces with arrays, null and scalars, and keeps the base for undefined', () => {
    expect(deepMerge({ list: [1, 2], o: { x: 1 }, s: 's', n: 1 }, { list: [3], o: null, s: 't', n: undefined })).toEqual({
      list: [3],
      o: null,
      s: 't',
      n: 1,
    })
    expect(deepMerge([1], { a: 1 })).toEqual({ a: 1 })
    expect(deepMerge({ a: 1 }, [2])).toEqual([2])
    expect(deepMerge('base', undefined)).toBe('base')
  })

  it('replaces rather than merges objects that are not plain, such as a Date', () => {
    const date = new Date(0)
    expect(deepMerge({ when: { y: 1 } }, { when: date })).toEqual({ when: date })
    expect(deepMerge({ when: date }, { when: { y: 1 } })).toEqual({ when: { y: 1 } })
  })

  it('returns a new object and ignores a __proto__ key instead of changing a prototype', () => {
    const base = { a: 1 }
    const merged = deepMerge(base, JSON.parse('{"__proto__": {"polluted": true}, "b": 2}')) as Record<string, unknown>
    expect(merged).not.toBe(base)
    expect(merged).toEqual({ a: 1, b: 2 })
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
