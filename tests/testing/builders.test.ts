import { decodeInstallmentWebhook, installmentStatuses } from '../../src'
import { buildBankSlipUpdateWebhook, buildStatusChangeWebhook } from '../../src/testing'

const decode = (value: unknown) => decodeInstallmentWebhook(JSON.stringify(value))

describe('buildStatusChangeWebhook', () => {
  it.each(installmentStatuses)('builds a %s webhook that decodes', (status) => {
    const webhook = buildStatusChangeWebhook(status)
    expect(decode(webhook)).toEqual({ _tag: 'Right', right: webhook })
    expect(webhook.data.status).toBe(status)
    expect(webhook.data.installment.installment_status?.enumerator).toBe(status)
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
