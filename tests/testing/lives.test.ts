import fc from 'fast-check'
import { type InstallmentStatusChangeWebhook, decodeInstallmentWebhook } from '../../src'
import { compareInstallmentDeliveries, installmentDeliveryKey } from '../../src/delivery'
import { buildInstallmentLife } from '../../src/testing'
import { propertySettings } from '../property-settings'

const decode = (value: unknown) => decodeInstallmentWebhook(JSON.stringify(value))
const statusesOf = (life: ReadonlyArray<InstallmentStatusChangeWebhook>) => life.map((delivery) => delivery.data.status)
const paymentsOf = (delivery: InstallmentStatusChangeWebhook) => delivery.data.installment.installment_payment ?? []
const centavos = (amount: number) => Math.round(amount * 100)

/** Every ordered pair (earlier, later) of a life compares `newer` one way and `older` the other. */
const expectStrictlyOrdered = (life: ReadonlyArray<InstallmentStatusChangeWebhook>) => {
  for (let i = 0; i < life.length; i++) {
    for (let j = i + 1; j < life.length; j++) {
      expect([i, j, compareInstallmentDeliveries(life[i], life[j])]).toEqual([i, j, { order: 'newer' }])
      expect([j, i, compareInstallmentDeliveries(life[j], life[i])]).toEqual([j, i, { order: 'older' }])
    }
  }
}

describe('buildInstallmentLife', () => {
  it('builds opened, waiting_payment and paid by default, each delivery valid and the last one finished', () => {
    const life = buildInstallmentLife()
    expect(statusesOf(life)).toEqual(['opened', 'waiting_payment', 'paid'])
    for (const delivery of life) {
      expect(decode(delivery)).toEqual({ _tag: 'Right', right: delivery })
      expect(delivery.data.installment.installment_status?.enumerator).toBe(delivery.data.status)
    }
    expect(life.map((delivery) => delivery.data.is_finished)).toEqual([false, false, true])
    expectStrictlyOrdered(life)
  })

  it('gives each partial payment its own key and amount, and makes the payments add up to total_amount', () => {
    const life = buildInstallmentLife({ partialPayments: [100, 250.5], totalAmount: 1009.68 })
    expect(statusesOf(life)).toEqual(['opened', 'waiting_payment', 'paid_partial', 'paid_partial', 'paid'])
    const payments = paymentsOf(life[4])
    expect(payments.map((payment) => payment.paid_amount)).toEqual([100, 250.5, 659.18])
    expect(new Set(payments.map((payment) => payment.installment_payment_key)).size).toBe(3)
    // Each delivery carries the payments made so far, one payment event each, and their sum as paid_amount.
    expect(life.map((delivery) => paymentsOf(delivery).length)).toEqual([0, 0, 1, 2, 3])
    expect(life.map((delivery) => delivery.data.installment.paid_amount)).toEqual([0, 0, 100, 350.5, 1009.68])
    expect(life.map((delivery) => delivery.data.installment.events?.length)).toEqual([1, 1, 2, 3, 4])
    expect(paymentsOf(life[3])).toEqual(payments.slice(0, 2))
    expect(life[4].data.installment.events?.[3]).toMatchObject({
      amount: 659.18,
      installment_event_type: { enumerator: 'payment' },
      installment_old_status: { enumerator: 'paid_partial' },
    })
    expectStrictlyOrdered(life)
  })

  it('splits total_amount in equal centavos when partialPayments is a count, the last payment taking the rest', () => {
    const life = buildInstallmentLife({ partialPayments: 2, totalAmount: 100 })
    expect(paymentsOf(life[life.length - 1]).map((payment) => payment.paid_amount)).toEqual([33.33, 33.33, 33.34])
  })

  it('ends overdue, unfinished and not fully paid, after the due date', () => {
    const life = buildInstallmentLife({ partialPayments: 1, ending: 'overdue', totalAmount: 500 })
    expect(statusesOf(life)).toEqual(['opened', 'waiting_payment', 'paid_partial', 'overdue'])
    const overdue = life[3]
    expect(overdue.data.is_finished).toBe(false)
    expect(overdue.data.installment.paid_amount).toBe(250)
    expect(overdue.data.installment.updated_at! > `${overdue.data.installment.due_date}T23:59:59`).toBe(true)
    expectStrictlyOrdered(life)
  })

  it('starts at openedAt, and pays every payment before the due date of a paid life', () => {
    const life = buildInstallmentLife({ openedAt: '2024-12-30T23:30:00', partialPayments: 40 })
    expect(life[0].data.installment.created_at).toBe('2024-12-30T23:30:00')
    expect(life[0].data.installment.updated_at).toBe('2024-12-30T23:30:00')
    const last = life[life.length - 1]
    expect(paymentsOf(last).every((payment) => payment.paid_at! < `${last.data.installment.due_date}T23:59:59`)).toBe(true)
    expectStrictlyOrdered(life)
  })

  it('is deterministic given its options, and derives payment keys from the installment key', () => {
    const options = { installmentKey: 'a6a9e4a2-63d0-4b5b-9a59-2f4f0c7c1e11', partialPayments: 3 }
    expect(buildInstallmentLife(options)).toEqual(buildInstallmentLife(options))
    const keysOf = (installmentKey: string) =>
      paymentsOf(buildInstallmentLife({ installmentKey, partialPayments: 3 }).at(-1)!).map((payment) => payment.installment_payment_key)
    const first = keysOf('installment-1')
    expect(first.every((key) => /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(key!))).toBe(true)
    expect(new Set([...first, ...keysOf('installment-2')]).size).toBe(8)
  })

  it('sets installmentKey and key on every delivery, and gives every delivery of a life its own delivery key', () => {
    const life = buildInstallmentLife({ installmentKey: 'i-7', key: 'op-3', partialPayments: 2 })
    expect(life.every((delivery) => delivery.key === 'op-3' && delivery.data.installment.installment_key === 'i-7')).toBe(true)
    expect(new Set(life.map(installmentDeliveryKey)).size).toBe(life.length)
  })

  it('returns fresh objects on each call', () => {
    const first = buildInstallmentLife()
    first[0].data.installment.events?.splice(0)
    expect(buildInstallmentLife()[0].data.installment.events).toHaveLength(1)
  })

  it.each([
    [{ partialPayments: -1 }, /partialPayments/],
    [{ partialPayments: 1.5 }, /partialPayments/],
    [{ partialPayments: [0] }, /partialPayments/],
    [{ partialPayments: [10.001] }, /partialPayments/],
    [{ partialPayments: [600, 500], totalAmount: 1000 }, /partialPayments/],
    [{ partialPayments: 100_001, totalAmount: 1000 }, /partialPayments/],
    [{ totalAmount: 0 }, /totalAmount/],
    [{ totalAmount: 1.234 }, /totalAmount/],
    [{ openedAt: '2024-02-30T10:00:00' }, /openedAt/],
    [{ openedAt: '2024-02-01T10:00:00Z' }, /openedAt/],
    [{ ending: 'canceled' }, /ending/],
  ])('throws a TypeError naming the option for %p', (options, message) => {
    expect(() => buildInstallmentLife(options as never)).toThrow(TypeError)
    expect(() => buildInstallmentLife(options as never)).toThrow(message)
  })
})

const lifeOptions = fc.record(
  {
    installmentKey: fc.uuid(),
    partialPayments: fc.oneof(
      fc.integer({ min: 0, max: 12 }),
      fc.array(fc.integer({ min: 1, max: 5_000 }).map((cents) => cents / 100), { maxLength: 8 }),
    ),
    ending: fc.constantFrom('paid' as const, 'overdue' as const),
    openedAt: fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 19)),
    totalAmount: fc.integer({ min: 50_000, max: 10_000_000 }).map((cents) => cents / 100),
  },
  { requiredKeys: [] },
)

describe('buildInstallmentLife properties', () => {
  it('builds lives that decode and that compareInstallmentDeliveries orders strictly, pair by pair', () => {
    fc.assert(
      fc.property(lifeOptions, (options) => {
        const life = buildInstallmentLife(options)
        for (const delivery of life) expect(decode(delivery)._tag).toBe('Right')
        expectStrictlyOrdered(life)
      }),
      propertySettings(200),
    )
  })

  it('pays exactly total_amount in a paid life, and less in an overdue one, each payment with its own key', () => {
    fc.assert(
      fc.property(lifeOptions, (options) => {
        const life = buildInstallmentLife(options)
        const last = life[life.length - 1]
        const payments = paymentsOf(last)
        const paid = payments.reduce((sum, payment) => sum + centavos(payment.paid_amount!), 0)
        expect(centavos(last.data.installment.paid_amount!)).toBe(paid)
        const total = centavos(last.data.installment.total_amount!)
        if (last.data.status === 'paid') expect(paid).toBe(total)
        else expect(paid).toBeLessThan(total)
        expect(new Set(payments.map((payment) => payment.installment_payment_key)).size).toBe(payments.length)
      }),
      propertySettings(200),
    )
  })
})
