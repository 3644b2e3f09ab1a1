import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'
import type { InstallmentStatus, InstallmentStatusChangeWebhook } from 'qitech-installment-webhooks'
import { buildStatusChangeWebhook, enumeratorOf } from './builders'

/** Options of {@link buildInstallmentLife}; every one is optional. */
export interface InstallmentLifeOptions {
  /** `data.installment.installment_key` of every delivery; the payment keys are derived from it. */
  readonly installmentKey?: string
  /** The operation's `key` of every delivery. */
  readonly key?: string
  /**
   * The partial payments before the ending, 0 by default: a count (`total_amount` split in equal centavos, the
   * remainder left to the last payment) or their amounts in reais, each positive with at most 2 decimals, together
   * below `totalAmount`.
   */
  readonly partialPayments?: number | ReadonlyArray<number>
  /** `paid` (the default): a last payment of what is left finishes the life; `overdue`: the due date passes first. */
  readonly ending?: 'paid' | 'overdue'
  /** When the installment opens, `YYYY-MM-DDTHH:MM:SS` without a zone, as QI Tech writes it; `2022-09-27T07:03:35` by default. */
  readonly openedAt?: string
  /** `total_amount` in reais, positive with at most 2 decimals; 1009.68 by default. */
  readonly totalAmount?: number
}

const DAY_MS = 86_400_000
const DEFAULT_INSTALLMENT_KEY = '4a2d3b5f-9c8e-4d72-8f3a-1b6c7d8e9f02'

const fail = (option: string, text: string): never => {
  throw new TypeError(`qitech-installment-webhooks: buildInstallmentLife: ${option} ${text}`)
}

/** A zone-less date-time `YYYY-MM-DDTHH:MM:SS`, read and written as a wall clock (UTC arithmetic, no zone). */
const dateTimeText = (ms: number): string => new Date(ms).toISOString().slice(0, 19)

/** Whole centavos of a positive amount with at most 2 decimals, or `undefined`. */
const centavosOf = (amount: unknown): number | undefined => {
  if (typeof amount !== 'number' || !(amount > 0)) return undefined
  const centavos = Math.round(amount * 100)
  return Number.isSafeInteger(centavos) && centavos / 100 === amount ? centavos : undefined
}

/** A UUID (version 8, name-based) from the SHA-256 of `name`: the same name always gives the same UUID. */
const uuidOf = (name: string): string => {
  const hex = bytesToHex(sha256(utf8ToBytes(name)))
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The partial payments in centavos, checked against the total. */
const partialCentavos = (partialPayments: InstallmentLifeOptions['partialPayments'], total: number): number[] => {
  if (typeof partialPayments === 'number') {
    if (!Number.isSafeInteger(partialPayments) || partialPayments < 0) fail('partialPayments', 'must be a count from 0 up, or a list of amounts')
    if (partialPayments + 1 > total) fail('partialPayments', 'leaves less than one centavo for each payment of totalAmount')
    return Array.from({ length: partialPayments }, () => Math.floor(total / (partialPayments + 1)))
  }
  if (!Array.isArray(partialPayments)) return fail('partialPayments', 'must be a count from 0 up, or a list of amounts')
  const centavos = partialPayments.map((amount) => centavosOf(amount) ?? fail('partialPayments', 'must be positive amounts with at most 2 decimals'))
  if (centavos.reduce((sum, amount) => sum + amount, 0) >= total) fail('partialPayments', 'must add up to less than totalAmount')
  return centavos
}

/**
 * The status-change deliveries of one installment's life, in the order QI Tech sends them: `opened`,
 * `waiting_payment`, one `paid_partial` per partial payment, then `paid` (a last payment of what is left,
 * `is_finished: true`) or `overdue` (the due date passed, `is_finished: false`). Deterministic given its options,
 * each delivery a fresh valid payload shaped like {@link buildStatusChangeWebhook}'s.
 *
 * Along the life, `updated_at` increases (the installment opens at `openedAt`, waits for payment a day later, and
 * is paid once a day after that), so `compareInstallmentDeliveries` orders every pair: a later delivery is
 * `newer` than an earlier one, an earlier one `older`. Each delivery carries the events and the
 * `installment_payment` list so far: every payment has its own `installment_payment_key` (a UUID derived from
 * `installmentKey` and its position, so lives of different installments never share one), its `paid_at` and
 * `paid_amount`, and a `payment` event; `data.installment.paid_amount` is their sum, `total_amount` in a paid life.
 * The due date is 30 days after opening, or a day after the last payment when the payments take longer.
 *
 * Throws a `TypeError` naming the option when an option is invalid.
 * @example
 * import { buildInstallmentLife } from 'qitech-installment-webhooks/testing'
 * const life = buildInstallmentLife({ installmentKey: 'b2c4e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f', partialPayments: [100, 250.5] })
 * console.log(life.map((delivery) => delivery.data.status))
 * // ['opened', 'waiting_payment', 'paid_partial', 'paid_partial', 'paid']
 * const outOfOrder = [...life].reverse() // sign and send these to test your handler's ordering
 */
export const buildInstallmentLife = (options: InstallmentLifeOptions = {}): InstallmentStatusChangeWebhook[] => {
  const { installmentKey = DEFAULT_INSTALLMENT_KEY, key, ending = 'paid', openedAt = '2022-09-27T07:03:35' } = options
  if (ending !== 'paid' && ending !== 'overdue') fail('ending', "must be 'paid' or 'overdue'")
  const start = Date.parse(`${openedAt}Z`)
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(openedAt) || !Number.isFinite(start) || dateTimeText(start) !== openedAt) {
    fail('openedAt', 'must be a real date-time YYYY-MM-DDTHH:MM:SS without a zone')
  }
  const total = centavosOf(options.totalAmount ?? 1009.68) ?? fail('totalAmount', 'must be a positive amount with at most 2 decimals')
  const partials = partialCentavos(options.partialPayments ?? 0, total)
  const payments = ending === 'paid' ? [...partials, total - partials.reduce((sum, amount) => sum + amount, 0)] : partials
  const paymentMs = (index: number) => start + (index + 2) * DAY_MS
  const dueMs = Math.max(start + 30 * DAY_MS, paymentMs(payments.length - 1) + DAY_MS)
  const dueDate = dateTimeText(dueMs).slice(0, 10)

  const events: object[] = [
    {
      amount: null,
      created_at: openedAt,
      event_date: dateTimeText(start - 1000),
      old_due_date: null,
      installment_event_type: enumeratorOf('InstallmentEventType', 'open'),
      installment_old_status: enumeratorOf('InstallmentStatus', 'created'),
    },
  ]
  const paid: object[] = []
  let paidCentavos = 0
  let lastPaidAt: string | null = null
  const life: InstallmentStatusChangeWebhook[] = []
  const deliver = (status: InstallmentStatus, updatedMs: number) =>
    life.push(
      buildStatusChangeWebhook(status, {
        ...(key === undefined ? {} : { key }),
        data: {
          is_finished: status === 'paid',
          installment: {
            installment_key: installmentKey,
            due_date: dueDate,
            paid_at: lastPaidAt,
            // Copies: no two deliveries share an object, so a test may change one of them.
            events: structuredClone(events),
            installment_payment: structuredClone(paid),
            created_at: openedAt,
            updated_at: dateTimeText(updatedMs),
            total_amount: total / 100,
            paid_amount: paidCentavos / 100,
          },
        },
      }),
    )

  deliver('opened', start)
  deliver('waiting_payment', start + DAY_MS)
  let status: InstallmentStatus = 'waiting_payment'
  payments.forEach((centavos, index) => {
    const paidAt = dateTimeText(paymentMs(index))
    const next: InstallmentStatus = index === partials.length ? 'paid' : 'paid_partial'
    paidCentavos += centavos
    lastPaidAt = paidAt
    paid.push({
      installment_payment_key: uuidOf(`${installmentKey}/installment_payment/${index}`),
      paid_at: paidAt,
      paid_amount: centavos / 100,
      paid_method_type: enumeratorOf('PaymentType', 'pix'),
    })
    events.push({
      amount: centavos / 100,
      created_at: dateTimeText(paymentMs(index) + 1000),
      event_date: paidAt,
      old_due_date: null,
      installment_event_type: enumeratorOf('InstallmentEventType', 'payment'),
      installment_old_status: enumeratorOf('InstallmentStatus', status),
    })
    deliver(next, paymentMs(index) + 1000)
    status = next
  })
  if (ending === 'overdue') deliver('overdue', dueMs + DAY_MS + 3_600_000)
  return life
}
