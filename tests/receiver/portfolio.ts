// A lender's portfolio of installments, the deliveries QI Tech makes over their lives, and what the receiver's tables
// must hold once every delivery was received: the fault suite's input and its expected outcome.
import type { InstallmentStatusChangeWebhook } from 'qitech-installment-webhooks'
import { installmentDeliveryKey } from 'qitech-installment-webhooks/delivery'
import { buildBankSlipUpdateWebhook, buildInstallmentLife } from 'qitech-installment-webhooks/testing'

/** A seeded generator (mulberry32) of numbers in [0, 1): a failing run is replayed from its seed. */
export const randomFrom = (seed: number): (() => number) => {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const shuffle = <T>(items: T[], random: () => number): T[] => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[items[i], items[j]] = [items[j], items[i]]
  }
  return items
}

/** Centavos of an amount with at most two decimals, read from its decimal text. */
const centavosOf = (amount: number): number => {
  const [whole, decimals = ''] = String(amount).split('.')
  return Number(whole) * 100 + Number(decimals.padEnd(2, '0'))
}

const uuid = (random: () => number): string => {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** One delivery QI Tech makes: its exact body, and what the receiver should make of it. */
export interface Delivery {
  readonly body: string
  readonly installmentKey: string
  /** `status`: a status change; `charge`: a bank-slip update; `unknown`: a status this version does not know. */
  readonly kind: 'status' | 'charge' | 'unknown'
}

/** One installment: its life in order, and what it must end as. */
export interface Installment {
  readonly key: string
  readonly deliveries: Delivery[]
  /** The last status change of its life: the state the installment must end at. */
  readonly last: InstallmentStatusChangeWebhook
  /** Its payments, by `installment_payment_key`, in centavos. */
  readonly payments: ReadonlyMap<string, number>
}

/** What the tables must hold after every delivery of the portfolio was received. */
export interface Expected {
  /** One row per distinct delivery key of the typed deliveries (status changes and bank-slip updates). */
  readonly deliveries: number
  readonly installments: number
  readonly payments: number
  readonly paymentsMinor: number
  readonly charges: number
  readonly deadLetters: number
}

export interface Portfolio {
  readonly installments: Installment[]
  readonly expected: Expected
}

// Totals in centavos whose amounts a float multiplication gets wrong (0.57 * 100 is 56.99999999999999).
const AWKWARD_TOTALS_MINOR = [57, 435, 115, 29, 113, 100968]

/**
 * `count` installments (three to an operation, as a loan's installments share its `key`), each living a life from
 * `buildInstallmentLife`: zero to three partial payments, then paid, or overdue for one in four; one in three also
 * gets a bank-slip update (a new boleto for it), one in six a delivery with a status this version does not know.
 */
export const buildPortfolio = (count: number, seed: number, prefix = ''): Portfolio => {
  const random = randomFrom(seed)
  const installments: Installment[] = []
  let operationKey = uuid(random)
  for (let i = 0; i < count; i++) {
    if (i % 3 === 0) operationKey = uuid(random)
    const key = prefix === '' ? uuid(random) : `${prefix}-${uuid(random)}`
    const totalMinor = i < AWKWARD_TOTALS_MINOR.length ? AWKWARD_TOTALS_MINOR[i] : 500 + Math.floor(random() * 300_000)
    // The second installment goes overdue without a payment: the fault suite queues its deliveries behind a row lock.
    const partials = i === 1 ? 0 : Math.min(Math.floor(random() * 4), totalMinor - 1)
    const ending = i === 1 || random() < 0.25 ? 'overdue' : 'paid'
    const openedAt = new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 300) * 86_400_000).toISOString().slice(0, 19)
    const life = buildInstallmentLife({ installmentKey: key, key: operationKey, partialPayments: partials, ending, openedAt, totalAmount: totalMinor / 100 })
    const deliveries: Delivery[] = life.map((webhook) => ({ body: JSON.stringify(webhook), installmentKey: key, kind: 'status' }))
    const last = life[life.length - 1]
    if (random() < 1 / 3) {
      const charge = buildBankSlipUpdateWebhook({
        key: operationKey,
        data: { installments: [{ installment_key: key, due_date: last.data.installment.due_date, total_amount: totalMinor / 100 }] },
      })
      deliveries.splice(2, 0, { body: JSON.stringify(charge), installmentKey: key, kind: 'charge' })
    }
    if (random() < 1 / 6) {
      const unknown = JSON.parse(deliveries[1].body) as { data: { status: string } }
      unknown.data.status = 'renegotiated'
      deliveries.splice(2, 0, { body: JSON.stringify(unknown), installmentKey: key, kind: 'unknown' })
    }
    const payments = new Map<string, number>()
    for (const payment of last.data.installment.installment_payment ?? []) {
      payments.set(String(payment.installment_payment_key), centavosOf(Number(payment.paid_amount)))
    }
    installments.push({ key, deliveries, last, payments })
  }
  const all = installments.flatMap((installment) => installment.deliveries)
  const typed = all.filter((delivery) => delivery.kind !== 'unknown')
  const payments = installments.flatMap((installment) => [...installment.payments.values()])
  return {
    installments,
    expected: {
      deliveries: new Set(typed.map((delivery) => installmentDeliveryKey(JSON.parse(delivery.body) as InstallmentStatusChangeWebhook))).size,
      installments: installments.length,
      payments: payments.length,
      paymentsMinor: payments.reduce((sum, amount) => sum + amount, 0),
      charges: all.filter((delivery) => delivery.kind === 'charge').length,
      deadLetters: new Set(all.filter((delivery) => delivery.kind === 'unknown').map((delivery) => delivery.body)).size,
    },
  }
}

/** Every key of every object in reverse order: the same webhook, serialized as another sender might. */
const reversedKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(reversedKeys)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reversedKeys(item)]))
      : value

/**
 * The order QI Tech makes the deliveries in: installments taken `groupSize` at a time, and each group's deliveries
 * shuffled together with copies of two in five of them (a copy of a typed delivery is sometimes re-serialized,
 * with its keys in another order). Deliveries of one installment are thus in flight at once, late, and repeated.
 */
export const deliveryStream = (installments: ReadonlyArray<Installment>, seed: number, groupSize = 6): string[] => {
  const random = randomFrom(seed)
  const stream: string[] = []
  for (let start = 0; start < installments.length; start += groupSize) {
    const group = installments.slice(start, start + groupSize).flatMap((installment) => installment.deliveries)
    const copies = group.flatMap((delivery) => {
      if (random() >= 0.4) return []
      const reserialize = delivery.kind !== 'unknown' && random() < 0.3
      return [reserialize ? JSON.stringify(reversedKeys(JSON.parse(delivery.body))) : delivery.body]
    })
    stream.push(...shuffle([...group.map((delivery) => delivery.body), ...copies], random))
  }
  return stream
}
