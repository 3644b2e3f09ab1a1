import type { BankSlipInstallment, InstallmentStatusChangeWebhook } from 'qitech-installment-webhooks'
import { isRecord } from '../combinators'
import { type Instant, instantOf } from '../dates'
import { canonicalText } from './delivery-key'

/**
 * Why {@link compareInstallmentDeliveries} could not order two deliveries:
 * - `DIFFERENT_VARIANTS`: a status change against a bank-slip item;
 * - `DIFFERENT_INSTALLMENTS`: another `installment_key`, or for status changes another operation `key`;
 * - `MISSING_FIELDS`: a field the order needs is on one side only or on neither, or a value is of neither variant;
 * - `MIXED_ZONES`: one datetime has a zone (`Z`, `-03:00`) and the other has none;
 * - `CONFLICTING_STATES`: every ordering field is equal, yet `data.status` (or a bank-slip item's charge) differs.
 */
export type InstallmentDeliveryUnorderedReason =
  | 'DIFFERENT_VARIANTS'
  | 'DIFFERENT_INSTALLMENTS'
  | 'MISSING_FIELDS'
  | 'MIXED_ZONES'
  | 'CONFLICTING_STATES'

/** How an incoming delivery stands to the stored one, as {@link compareInstallmentDeliveries} tells it. */
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

const NEWER: InstallmentDeliveryOrder = /* @__PURE__ */ Object.freeze({ order: 'newer' })
const OLDER: InstallmentDeliveryOrder = /* @__PURE__ */ Object.freeze({ order: 'older' })
const SAME: InstallmentDeliveryOrder = /* @__PURE__ */ Object.freeze({ order: 'same' })

const unordered = (reason: InstallmentDeliveryUnorderedReason, detail: string): InstallmentDeliveryOrder => ({
  order: 'unordered',
  reason,
  detail,
})

type JsonRecord = Readonly<Record<string, unknown>>

const instantIn = (value: unknown): Instant | undefined => (typeof value === 'string' ? instantOf(value) : undefined)

/** -1, 0 or 1 as `a` is before, at or after `b`. Both zoned, or both zone-less. `.5` and `.500` are equal. */
const compareInstants = (a: Instant, b: Instant): number => {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1
  const length = Math.max(a.fraction.length, b.fraction.length)
  const fa = a.fraction.padEnd(length, '0')
  const fb = b.fraction.padEnd(length, '0')
  return fa === fb ? 0 : fa < fb ? -1 : 1
}

/** One ordering rule's value on one side: an instant, a count, nothing, or datetimes with and without a zone. */
type RuleValue = Instant | number | undefined | 'mixed'

const newestCreatedAt = (events: unknown): RuleValue => {
  let newest: Instant | undefined
  for (const event of Array.isArray(events) ? events : []) {
    const instant = isRecord(event) ? instantIn(event.created_at) : undefined
    if (instant === undefined) continue
    if (newest !== undefined && newest.zoned !== instant.zoned) return 'mixed'
    if (newest === undefined || compareInstants(instant, newest) > 0) newest = instant
  }
  return newest
}

/** Ordering rules, applied in turn: each field, as a reader names it, and how to read it from one side. */
type Rules = Readonly<Record<string, (record: JsonRecord) => RuleValue>>

const statusChangeRules: Rules = {
  'data.installment.updated_at': (installment) => instantIn(installment.updated_at),
  'data.installment.events[].created_at': (installment) => newestCreatedAt(installment.events),
  'data.installment.events': ({ events }) => (Array.isArray(events) ? events.length : undefined),
}

const bankSlipRules: Rules = {
  updated_at: (item) => instantIn(item.updated_at),
  created_at: (item) => instantIn(item.created_at),
}

/** The first rule that tells the two apart decides; `undefined` when all that both sides answer are equal. */
const applyRules = (rules: Rules, stored: JsonRecord, incoming: JsonRecord, noneAnswered: string) => {
  let compared = false
  for (const [field, read] of Object.entries(rules)) {
    const a = read(stored)
    const b = read(incoming)
    if (a === undefined && b === undefined) continue
    if (a === undefined || b === undefined) {
      const side = a === undefined ? 'stored' : 'incoming'
      return unordered('MISSING_FIELDS', `${field} is missing or not readable in the ${side} delivery`)
    }
    if (a === 'mixed' || b === 'mixed' || (typeof a === 'object' && typeof b === 'object' && a.zoned !== b.zoned)) {
      return unordered('MIXED_ZONES', `${field} has a zone on one side and none on the other; no zone is assumed`)
    }
    const sign = typeof a === 'number' ? Math.sign(a - (b as number)) : compareInstants(a, b as Instant)
    if (sign !== 0) return sign < 0 ? NEWER : OLDER
    compared = true
  }
  return compared ? undefined : unordered('MISSING_FIELDS', noneAnswered)
}

const isStatusChange = (value: unknown): value is InstallmentStatusChangeWebhook =>
  isRecord(value) && isRecord(value.data) && value.data.status !== 'update' && isRecord(value.data.installment)

const isBankSlipItem = (value: unknown): value is JsonRecord => isRecord(value) && !('data' in value) && 'installment_key' in value

const compareStatusChanges = (stored: InstallmentStatusChangeWebhook, incoming: InstallmentStatusChangeWebhook): InstallmentDeliveryOrder => {
  if (stored.key !== incoming.key || stored.data.installment.installment_key !== incoming.data.installment.installment_key) {
    return unordered('DIFFERENT_INSTALLMENTS', 'key or data.installment.installment_key differs: compare deliveries of one installment')
  }
  if (canonicalText(stored) === canonicalText(incoming)) return SAME
  const noneAnswered = 'neither delivery has data.installment.updated_at, events[].created_at or events, and their states differ'
  const ruled = applyRules(statusChangeRules, stored.data.installment, incoming.data.installment, noneAnswered)
  if (ruled !== undefined) return ruled
  if (stored.data.is_finished !== incoming.data.is_finished) return stored.data.is_finished === true ? OLDER : NEWER
  // Equal times written differently (`T` or a space, `.5` or `.500`) or amounts restated: the same point of the life.
  if (stored.data.status === incoming.data.status) return SAME
  return unordered('CONFLICTING_STATES', 'updated_at, events[].created_at, events and is_finished are equal, yet data.status differs')
}

const compareBankSlipItems = (stored: JsonRecord, incoming: JsonRecord): InstallmentDeliveryOrder => {
  if (stored.installment_key !== incoming.installment_key) {
    return unordered('DIFFERENT_INSTALLMENTS', 'installment_key differs: compare the charges of one installment')
  }
  if (canonicalText(stored) === canonicalText(incoming)) return SAME
  const noneAnswered = 'the two charges differ and carry no timestamp (updated_at or created_at), so which one QI Tech issued last cannot be told'
  const ruled = applyRules(bankSlipRules, stored, incoming, noneAnswered)
  return ruled ?? unordered('CONFLICTING_STATES', 'updated_at and created_at are equal, yet the charges differ')
}

/**
 * Tells whether an incoming delivery is newer than the stored one, so that a late or repeated delivery never
 * overwrites a later state: QI Tech may send a delivery more than once and out of order. Never throws.
 *
 * Compare two status changes, or two items of `data.installments` of bank-slip updates (an update covers many
 * installments: compare per `installment_key`). Deliveries equal in every field (as `installmentDeliveryKey` counts
 * them, so a re-serialized retry is equal) are `same`. Otherwise, for status changes, the first rule that tells them apart decides:
 * 1. `data.installment.updated_at`, the later is newer;
 * 2. the newest `data.installment.events[].created_at`;
 * 3. the number of `events`;
 * 4. `data.is_finished`: a finished state is never superseded by an unfinished one of equal time;
 * 5. when all four are equal, the same `data.status` gives `same`, another `unordered` (`CONFLICTING_STATES`).
 *
 * For bank-slip items, the later `updated_at`, then the later `created_at`, decides; QI Tech's examples carry
 * neither, so two different charges for one installment are `unordered` (`MISSING_FIELDS`) today.
 *
 * A rule applies when both sides have its field; a field on one side only gives `unordered` (`MISSING_FIELDS`).
 * Datetimes with a `T` or a space are both read: zone-less ones compare as wall-clock values (QI Tech sends them
 * so, and documents no zone), zoned ones as instants, and one of each never (`MIXED_ZONES`): no zone is assumed.
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
  const known = (value: unknown): boolean => isStatusChange(value) || isBankSlipItem(value)
  if (known(stored) && known(incoming)) {
    return unordered('DIFFERENT_VARIANTS', 'a status change and a bank-slip item are not ordered against each other')
  }
  const side = known(stored) ? 'incoming' : 'stored'
  const detail = `the ${side} value is neither a status change nor an item of data.installments: compare an update's items one by one`
  return unordered('MISSING_FIELDS', detail)
}
