// A hand-written full-rule guard, written apart from the package's own, as the floor the decoder is measured
// against: what a careful engineer would write by hand for these two payloads. It enforces the same rules as the
// decoder (strict calendar dates and date-times, finite amounts, integers, non-empty keys, the known statuses,
// enumerator objects, optional fields that may be null or absent); `npm test` checks that it accepts and rejects
// what the decoder does. Like the zod and ajv schemas, it shares the decoder's calendar scans.
import { isIsoDate, isIsoDateTime } from '../src/dates'

type Json = Record<string, unknown>

const STATUSES = new Set(['opened', 'paid', 'waiting_payment', 'paid_early', 'paid_partial', 'overdue', 'paid_partial_overdue', 'paid_overdue'])

const obj = (u: unknown): u is Json => typeof u === 'object' && u !== null && !Array.isArray(u)
const none = (u: unknown): boolean => u === undefined || u === null
const key = (u: unknown): boolean => typeof u === 'string' && u.length > 0
const date = (u: unknown): boolean => typeof u === 'string' && isIsoDate(u)
const dateTime = (u: unknown): boolean => typeof u === 'string' && isIsoDateTime(u)
const amount = (u: unknown): boolean => typeof u === 'number' && Number.isFinite(u)
const int = (u: unknown): boolean => typeof u === 'number' && Number.isInteger(u)
const str = (u: unknown): boolean => typeof u === 'string'
const optAmount = (u: unknown): boolean => none(u) || amount(u)
const optDateTime = (u: unknown): boolean => none(u) || dateTime(u)
const optStr = (u: unknown): boolean => none(u) || str(u)
const optInt = (u: unknown): boolean => none(u) || int(u)
const optEnum = (u: unknown): boolean =>
  none(u) || (obj(u) && str(u.enumerator) && (none(u.translation_path) || str(u.translation_path)))

const event = (e: unknown): boolean =>
  obj(e) &&
  optAmount(e.amount) &&
  optDateTime(e.created_at) &&
  optDateTime(e.event_date) &&
  (none(e.old_due_date) || date(e.old_due_date) || dateTime(e.old_due_date)) &&
  optEnum(e.installment_event_type) &&
  optEnum(e.installment_old_status)

const payment = (p: unknown): boolean =>
  obj(p) && optStr(p.installment_payment_key) && optDateTime(p.paid_at) && optAmount(p.paid_amount) && optEnum(p.paid_method_type)

const list = (u: unknown, item: (x: unknown) => boolean): boolean => none(u) || (Array.isArray(u) && u.every(item))

const installment = (i: unknown): boolean =>
  obj(i) &&
  key(i.installment_key) &&
  date(i.due_date) &&
  optDateTime(i.paid_at) &&
  optEnum(i.installment_status) &&
  list(i.events, event) &&
  list(i.installment_payment, payment) &&
  optInt(i.workdays) &&
  optInt(i.calendar_days) &&
  optDateTime(i.created_at) &&
  optDateTime(i.updated_at) &&
  optAmount(i.tax_amount) &&
  optAmount(i.paid_amount) &&
  optAmount(i.due_interest) &&
  optAmount(i.total_amount) &&
  optAmount(i.due_principal) &&
  optAmount(i.fine_amount) &&
  optStr(i.qr_code_key) &&
  optStr(i.qr_code_url) &&
  optStr(i.bank_slip_key) &&
  (none(i.has_interest) || typeof i.has_interest === 'boolean') &&
  optEnum(i.payment_type) &&
  optInt(i.installment_number) &&
  (none(i.business_due_date) || date(i.business_due_date)) &&
  optAmount(i.pre_fixed_amount) &&
  optAmount(i.post_fixed_amount) &&
  optAmount(i.principal_amortization_amount) &&
  (none(i.additional_costs) || Array.isArray(i.additional_costs)) &&
  optStr(i.installment_type)

const charge = (c: unknown): boolean =>
  obj(c) &&
  key(c.installment_key) &&
  date(c.due_date) &&
  amount(c.total_amount) &&
  optStr(c.digitable_line) &&
  optStr(c.qr_code_key) &&
  optStr(c.qr_code_url) &&
  optAmount(c.principal_amortization_amount) &&
  optAmount(c.pre_fixed_amount) &&
  optStr(c.bank_slip_key) &&
  (none(c.business_due_date) || date(c.business_due_date))

/** True when `u` is a valid installment webhook of either variant. */
export const handWrittenGuard = (u: unknown): boolean => {
  if (!obj(u) || !key(u.key) || u.webhook_type !== 'installment.status_change') return false
  const data = u.data
  if (!obj(data)) return false
  if (data.status === 'update') {
    return (
      (none(data.is_finished) || typeof data.is_finished === 'boolean') &&
      Array.isArray(data.installments) &&
      data.installments.every(charge)
    )
  }
  return (
    typeof data.status === 'string' &&
    STATUSES.has(data.status) &&
    typeof data.is_finished === 'boolean' &&
    installment(data.installment)
  )
}
