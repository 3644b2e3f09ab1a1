import type { BankSlipInstallment, InstallmentStatusChangeWebhook, InstallmentWebhook } from 'qitech-installment-webhooks'
import { isRecord } from '../combinators'
import { type Instant, instantOf } from '../dates'
import { bankSlipItemText, deliveryText } from './delivery-key'

/**
 * Why {@link compareInstallmentDeliveries} could not order two deliveries:
 * - `DIFFERENT_VARIANTS`: a status change against a bank-slip item;
 * - `DIFFERENT_INSTALLMENTS`: another `installment_key`, or for status changes another operation `key`;
 * - `MISSING_FIELDS`: a field the order depends on is on one side only, or neither side has any (bank-slip items
 *   carry no timestamp in QI Tech's examples), or a value is neither a status change nor a bank-slip item;
 * - `MIXED_ZONES`: one datetime has a zone (`Z`, `-03:00`) and the other has none, so ordering them would mean
 *   assuming a zone;
 * - `CONFLICTING_STATES`: every ordering field is equal, yet `data.status` (or, for bank-slip items, the charge)
 *   differs.
 */
export type InstallmentDeliveryUnorderedReason =
  | 'DIFFERENT_VARIANTS'
  | 'DIFFERENT_INSTALLMENTS'
  | 'MISSING_FIELDS'
  | 'MIXED_ZONES'
  | 'CONFLICTING_STATES'

/**
 * How an incoming delivery stands to the stored one: `newer` (store it), `older` or `same` (keep what is stored),
 * or `unordered` with the reason and a sentence naming the field, when nothing in the two deliveries orders them.
 */
export type InstallmentDeliveryOrder =
  | {
      /** `newer`: store the incoming delivery; `older` or `same`: keep the stored one. */
      readonly order: 'newer' | 'older' | 'same'
    }
  | {
      /** Nothing in the two deliveries orders them. */
      readonly order: 'unordered'
      /** Why the deliveries could not be ordered. */
      readonly reason: InstallmentDeliveryUnorderedReason
      /** Which field, and on which side; never a value from the payload. */
      readonly detail: string
    }

type Ordered = { readonly order: 'newer' | 'older' | 'same' }
const NEWER: Ordered = /* @__PURE__ */ Object.freeze({ order: 'newer' })
const OLDER: Ordered = /* @__PURE__ */ Object.freeze({ order: 'older' })
const SAME: Ordered = /* @__PURE__ */ Object.freeze({ order: 'same' })

const unordered = (reason: InstallmentDeliveryUnorderedReason, detail: string): InstallmentDeliveryOrder => ({
  order: 'unordered',
  reason,
  detail,
})

type JsonRecord = Readonly<Record<string, unknown>>
type Moment = Instant

/**
 * Reads `2022-09-27T07:03:35`, `2026-02-13 20:38:07`, with an optional fraction and zone. A zone-less value is
 * placed on the line by its wall clock, unchanged; a zoned one by its instant. The two are never compared.
 */
const momentOf = (value: unknown): Moment | undefined => (typeof value === 'string' ? instantOf(value) : undefined)

/** -1, 0 or 1 as `a` is before, at or after `b`. Both zoned, or both zone-less. `.5` and `.500` are equal. */
const compareMoments = (a: Moment, b: Moment): number => {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1
  const length = Math.max(a.fraction.length, b.fraction.length)
  const fa = a.fraction.padEnd(length, '0')
  const fb = b.fraction.padEnd(length, '0')
  return fa === fb ? 0 : fa < fb ? -1 : 1
}

/** One ordering rule's value on one side: a moment, a count, nothing, or datetimes with and without a zone. */
type RuleValue = Moment | number | undefined | 'mixed'

/** The newest of some datetimes, skipping the missing ones. */
const newestOf = (values: ReadonlyArray<unknown>): RuleValue => {
  let newest: Moment | undefined
  for (const value of values) {
    const moment = momentOf(value)
    if (moment === undefined) continue
    if (newest !== undefined && newest.zoned !== moment.zoned) return 'mixed'
    if (newest === undefined || compareMoments(moment, newest) > 0) newest = moment
  }
  return newest
}

/** An ordering rule: the field it reads, as a reader names it, and how to read it from one side. */
interface Rule<T> {
  readonly field: string
  readonly read: (delivery: T) => RuleValue
}

const statusChangeRules: ReadonlyArray<Rule<InstallmentStatusChangeWebhook>> = [
  { field: 'data.installment.updated_at', read: (w) => momentOf(w.data.installment.updated_at) },
  {
    field: 'data.installment.events[].created_at',
    read: (w) => (Array.isArray(w.data.installment.events) ? newestOf(w.data.installment.events.map((e) => (isRecord(e) ? e.created_at : undefined))) : undefined),
  },
  { field: 'data.installment.events', read: (w) => (Array.isArray(w.data.installment.events) ? w.data.installment.events.length : undefined) },
]

const bankSlipRules: ReadonlyArray<Rule<JsonRecord>> = [
  { field: 'updated_at', read: (item) => momentOf(item.updated_at) },
  { field: 'created_at', read: (item) => momentOf(item.created_at) },
]

/**
 * Applies the rules in turn: the first that tells the two apart decides. Returns the decision, or `tied` (every
 * rule that both sides could answer was equal) and whether any rule was answered at all.
 */
const applyRules = <T>(
  rules: ReadonlyArray<Rule<T>>,
  stored: T,
  incoming: T,
): InstallmentDeliveryOrder | { readonly order: 'tied'; readonly compared: boolean } => {
  let compared = false
  for (const { field, read } of rules) {
    const a = read(stored)
    const b = read(incoming)
    if (a === undefined && b === undefined) continue
    if (a === undefined || b === undefined) {
      return unordered('MISSING_FIELDS', `${field} is missing or not readable in the ${a === undefined ? 'stored' : 'incoming'} delivery`)
    }
    if (a === 'mixed' || b === 'mixed' || (typeof a === 'object' && typeof b === 'object' && a.zoned !== b.zoned)) {
      return unordered('MIXED_ZONES', `${field} has a zone on one side and none on the other; no zone is assumed`)
    }
    const sign = typeof a === 'number' ? Math.sign(a - (b as number)) : compareMoments(a, b as Moment)
    if (sign !== 0) return sign < 0 ? NEWER : OLDER
    compared = true
  }
  return { order: 'tied', compared }
}

const isStatusChange = (value: unknown): value is InstallmentStatusChangeWebhook =>
  isRecord(value) && isRecord(value.data) && value.data.status !== 'update' && isRecord(value.data.installment)

const isBankSlipItem = (value: unknown): value is JsonRecord => isRecord(value) && !('data' in value) && 'installment_key' in value

const compareStatusChanges = (stored: InstallmentStatusChangeWebhook, incoming: InstallmentStatusChangeWebhook): InstallmentDeliveryOrder => {
  if (stored.key !== incoming.key || stored.data.installment.installment_key !== incoming.data.installment.installment_key) {
    return unordered('DIFFERENT_INSTALLMENTS', 'key or data.installment.installment_key differs: compare deliveries of one installment')
  }
  const storedText = deliveryText(stored as InstallmentWebhook)
  if (storedText === deliveryText(incoming as InstallmentWebhook)) return SAME
  const ruled = applyRules(statusChangeRules, stored, incoming)
  if (ruled.order !== 'tied') return ruled
  if (!ruled.compared) {
    return unordered('MISSING_FIELDS', 'neither delivery has data.installment.updated_at, events[].created_at or events, and their states differ')
  }
  // A finished state is never superseded by an unfinished one of equal time.
  if (stored.data.is_finished !== incoming.data.is_finished) return stored.data.is_finished === true ? OLDER : NEWER
  // Equal times written differently (`T` or a space, `.5` or `.500`) or amounts restated: the same point of the life.
  if (stored.data.status === incoming.data.status) return SAME
  return unordered('CONFLICTING_STATES', 'updated_at, events[].created_at, events and is_finished are equal, yet data.status differs')
}

const compareBankSlipItems = (stored: JsonRecord, incoming: JsonRecord): InstallmentDeliveryOrder => {
  if (stored.installment_key !== incoming.installment_key) {
    return unordered('DIFFERENT_INSTALLMENTS', 'installment_key differs: compare the charges of one installment')
  }
  if (bankSlipItemText(stored) === bankSlipItemText(incoming)) return SAME
  const ruled = applyRules(bankSlipRules, stored, incoming)
  if (ruled.order !== 'tied') return ruled
  if (!ruled.compared) {
    return unordered(
      'MISSING_FIELDS',
      'the two charges differ and carry no timestamp (updated_at or created_at), so which one QI Tech issued last cannot be told',
    )
  }
  return unordered('CONFLICTING_STATES', 'updated_at and created_at are equal, yet the charges differ')
}

const describeInput = (stored: unknown): string => {
  const side = isStatusChange(stored) || isBankSlipItem(stored) ? 'incoming' : 'stored'
  return `the ${side} value is neither a status change nor an item of data.installments: compare an update's items one by one`
}

/**
 * Tells whether an incoming delivery is newer than the stored one, so that a late or repeated delivery never
 * overwrites a later state: QI Tech may send a delivery more than once and out of order. Never throws.
 *
 * Compare two status changes, or two items of `data.installments` of bank-slip updates (an update covers many
 * installments: compare per `installment_key`). Deliveries whose booked fields are equal (those
 * `installmentDeliveryKey` reads) are `same`. Otherwise, for status changes, the first rule that tells them apart
 * decides:
 * 1. `data.installment.updated_at`, the later is newer;
 * 2. the newest `data.installment.events[].created_at`;
 * 3. the number of `events`;
 * 4. `data.is_finished`: a finished state is never superseded by an unfinished one of equal time.
 *
 * When all four are equal, the deliveries are `same` if their `data.status` is, and `unordered`
 * (`CONFLICTING_STATES`) if not. For bank-slip items, the later `updated_at`, then the later `created_at`, decides;
 * QI Tech's examples carry neither, so two different charges for one installment are `unordered`
 * (`MISSING_FIELDS`) today.
 *
 * A rule applies when both sides have its field; a field on one side only gives `unordered` (`MISSING_FIELDS`).
 * Datetimes with a `T` or a space are both read; two zone-less datetimes are compared as wall-clock values (QI
 * Tech sends them so, and documents no zone), two with a zone as instants, and one of each is never compared
 * (`MIXED_ZONES`), since that would mean assuming a zone.
 * @example
 * import type { InstallmentStatusChangeWebhook } from 'qitech-installment-webhooks'
 * import { compareInstallmentDeliveries } from 'qitech-installment-webhooks/delivery'
 * declare const stored: InstallmentStatusChangeWebhook
 * declare const incoming: InstallmentStatusChangeWebhook
 * const result = compareInstallmentDeliveries(stored, incoming)
 * if (result.order === 'newer') {
 *   // UPDATE installments SET state = incoming ... (in the transaction that read `stored` FOR UPDATE)
 * } else if (result.order === 'unordered') {
 *   console.log(result.reason, result.detail) // keep the stored state; set the delivery aside for review
 * }
 */
export function compareInstallmentDeliveries(
  stored: InstallmentStatusChangeWebhook,
  incoming: InstallmentStatusChangeWebhook,
): InstallmentDeliveryOrder
/**
 * Tells whether an incoming bank-slip item (one of `data.installments` of an update) is newer than the stored one
 * for the same installment; see the status-change form above.
 * @example
 * import type { BankSlipInstallment } from 'qitech-installment-webhooks'
 * import { compareInstallmentDeliveries } from 'qitech-installment-webhooks/delivery'
 * declare const storedCharge: BankSlipInstallment
 * declare const incomingCharge: BankSlipInstallment
 * const { order } = compareInstallmentDeliveries(storedCharge, incomingCharge)
 * console.log(order) // 'unordered' for two different charges without a timestamp
 */
export function compareInstallmentDeliveries(stored: BankSlipInstallment, incoming: BankSlipInstallment): InstallmentDeliveryOrder
export function compareInstallmentDeliveries(stored: unknown, incoming: unknown): InstallmentDeliveryOrder {
  if (isStatusChange(stored) && isStatusChange(incoming)) return compareStatusChanges(stored, incoming)
  if (isBankSlipItem(stored) && isBankSlipItem(incoming)) return compareBankSlipItems(stored, incoming)
  if ((isStatusChange(stored) && isBankSlipItem(incoming)) || (isBankSlipItem(stored) && isStatusChange(incoming))) {
    return unordered('DIFFERENT_VARIANTS', 'a status change and a bank-slip item are not ordered against each other')
  }
  return unordered('MISSING_FIELDS', describeInput(stored))
}
