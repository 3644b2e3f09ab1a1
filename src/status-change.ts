import * as t from 'io-ts'
import { isAbsent, isEnumeratorValue, isRecord, listOf, payloadObject } from './combinators'
import {
  InstallmentEventTypeEnumerator,
  InstallmentStatus,
  InstallmentStatusEnumerator,
  PaymentTypeEnumerator,
  isInstallmentStatusValue,
} from './enums'
import { isEnvelope, webhookEnvelope } from './envelope'
import {
  Amount,
  IsoDate,
  IsoDateTime,
  NonEmptyString,
  isIsoDateTimeValue,
  isIsoDateValue,
  isNonEmptyStringValue,
  isOptionalAmount,
  isOptionalInt,
  isOptionalIsoDate,
  isOptionalIsoDateTime,
  isOptionalString,
} from './primitives'

// `old_due_date` is documented as a date but has only been sent as `null`: a date-time is accepted too, so a format
// QI Tech has not shown yet does not lose the event.
const DateOrDateTime = /* @__PURE__ */ t.union([IsoDate, IsoDateTime], 'IsoDate | IsoDateTime')

// The hand-written guards, one per payload object: each is its codec's `is` and the fast path of a valid body, reads
// each key by name and allocates nothing. `validate` passes over what a guard accepts, so property tests check each
// against a reference built from stock io-ts combinators. The codecs below stay the only error reporters.

const isOptionalEnumerator = (u: unknown): boolean => isAbsent(u) || isEnumeratorValue(u)

const isEvent = (u: unknown): boolean =>
  isRecord(u) &&
  isOptionalAmount(u.amount) &&
  isOptionalIsoDateTime(u.created_at) &&
  isOptionalIsoDateTime(u.event_date) &&
  (isAbsent(u.old_due_date) || isIsoDateValue(u.old_due_date) || isIsoDateTimeValue(u.old_due_date)) &&
  isOptionalEnumerator(u.installment_event_type) &&
  isOptionalEnumerator(u.installment_old_status)

const isPayment = (u: unknown): boolean =>
  isRecord(u) &&
  isOptionalString(u.installment_payment_key) &&
  isOptionalIsoDateTime(u.paid_at) &&
  isOptionalAmount(u.paid_amount) &&
  isOptionalEnumerator(u.paid_method_type)

const isOptionalList = (u: unknown, isItem: (item: unknown) => boolean): boolean => {
  if (isAbsent(u)) return true
  if (!Array.isArray(u)) return false
  for (let i = 0; i < u.length; i++) if (!isItem(u[i])) return false
  return true
}

const isInstallment = (u: unknown): boolean =>
  isRecord(u) &&
  isNonEmptyStringValue(u.installment_key) &&
  isIsoDateValue(u.due_date) &&
  isOptionalIsoDateTime(u.paid_at) &&
  isOptionalEnumerator(u.installment_status) &&
  isOptionalList(u.events, isEvent) &&
  isOptionalList(u.installment_payment, isPayment) &&
  isOptionalInt(u.workdays) &&
  isOptionalInt(u.calendar_days) &&
  isOptionalIsoDateTime(u.created_at) &&
  isOptionalIsoDateTime(u.updated_at) &&
  isOptionalAmount(u.tax_amount) &&
  isOptionalAmount(u.paid_amount) &&
  isOptionalAmount(u.due_interest) &&
  isOptionalAmount(u.total_amount) &&
  isOptionalAmount(u.due_principal) &&
  isOptionalAmount(u.fine_amount) &&
  isOptionalString(u.qr_code_key) &&
  isOptionalString(u.qr_code_url) &&
  isOptionalString(u.bank_slip_key) &&
  (isAbsent(u.has_interest) || typeof u.has_interest === 'boolean') &&
  isOptionalEnumerator(u.payment_type) &&
  isOptionalInt(u.installment_number) &&
  isOptionalIsoDate(u.business_due_date) &&
  isOptionalAmount(u.pre_fixed_amount) &&
  isOptionalAmount(u.post_fixed_amount) &&
  isOptionalAmount(u.principal_amortization_amount) &&
  (isAbsent(u.additional_costs) || Array.isArray(u.additional_costs)) &&
  isOptionalString(u.installment_type)

const isStatusChangeData = (u: unknown): boolean =>
  isRecord(u) && isInstallmentStatusValue(u.status) && typeof u.is_finished === 'boolean' && isInstallment(u.installment)

/** True exactly when `InstallmentStatusChangeWebhook.decode(u)` succeeds; that codec's `is`. */
export const isStatusChangeWebhook = (u: unknown): boolean => isEnvelope(u) && isStatusChangeData(u.data)

/**
 * One entry of `installment.events`: something that happened to the installment.
 * @example
 * import { InstallmentEvent } from 'qitech-installment-webhooks'
 * InstallmentEvent.is({ amount: null, event_date: '2022-09-27T07:03:34' }) // true
 */
export const InstallmentEvent = /* @__PURE__ */ payloadObject(
  'InstallmentEvent',
  {},
  {
    /** Amount of the event; `null` on the `open` event. */
    amount: Amount,
    /** When QI Tech recorded the event. */
    created_at: IsoDateTime,
    /** When the event happened. */
    event_date: IsoDateTime,
    /** The previous due date, when the event changed it (QI Tech has only sent `null` so far). */
    old_due_date: DateOrDateTime,
    /** What happened: `open`, `payment`, or a type QI Tech added. */
    installment_event_type: InstallmentEventTypeEnumerator,
    /** The installment's status before the event, e.g. `created`, `opened`. */
    installment_old_status: InstallmentStatusEnumerator,
  },
  isEvent,
)
/** One entry of `installment.events`. */
export interface InstallmentEvent extends t.TypeOf<typeof InstallmentEvent> {}

/**
 * One entry of `installment.installment_payment`: a payment received for the installment.
 * @example
 * import { InstallmentPayment } from 'qitech-installment-webhooks'
 * InstallmentPayment.is({ paid_amount: 1009.68, paid_at: '2026-02-10T11:39:07' }) // true
 */
export const InstallmentPayment = /* @__PURE__ */ payloadObject(
  'InstallmentPayment',
  {},
  {
    /** Key of this payment. */
    installment_payment_key: t.string,
    /** When the payment was made. */
    paid_at: IsoDateTime,
    /** Amount paid. */
    paid_amount: Amount,
    /** How it was paid: `pix`, `bankslip`, ... */
    paid_method_type: PaymentTypeEnumerator,
  },
  isPayment,
)
/** One entry of `installment.installment_payment`. */
export interface InstallmentPayment extends t.TypeOf<typeof InstallmentPayment> {}

/**
 * `data.installment` of a status change: the installment as it is after the change.
 * @example
 * import { Installment } from 'qitech-installment-webhooks'
 * Installment.is({ installment_key: '92a05d9c-e457-4f28-9fa8-86be638ee2d0', due_date: '2022-10-28' }) // true
 */
export const Installment = /* @__PURE__ */ payloadObject(
  'Installment',
  {
    /** Key of the installment. */
    installment_key: NonEmptyString,
    /** Due date of the installment. */
    due_date: IsoDate,
  },
  {
    /** When the installment was paid; `null` before payment. */
    paid_at: IsoDateTime,
    /** The installment's current status as an enumerator object. */
    installment_status: InstallmentStatusEnumerator,
    /** What happened to the installment, oldest first. */
    events: /* @__PURE__ */ listOf(InstallmentEvent, 'InstallmentEvents'),
    /** Payments received for the installment. */
    installment_payment: /* @__PURE__ */ listOf(InstallmentPayment, 'InstallmentPayments'),
    /** Business days until the due date. */
    workdays: t.Int,
    /** Calendar days until the due date. */
    calendar_days: t.Int,
    /** When QI Tech created the installment. */
    created_at: IsoDateTime,
    /** When QI Tech last changed the installment. */
    updated_at: IsoDateTime,
    /** Taxes (IOF) in the installment. */
    tax_amount: Amount,
    /** Amount paid so far. */
    paid_amount: Amount,
    /** Interest due. */
    due_interest: Amount,
    /** Total amount of the installment. */
    total_amount: Amount,
    /** Principal due. */
    due_principal: Amount,
    /** Late-payment fine; `null` when none applies. */
    fine_amount: Amount,
    /** Key of the Pix charge. */
    qr_code_key: t.string,
    /** The Pix charge: documented as the payment URL; QI Tech's examples hold a URL or the "copia e cola" code. */
    qr_code_url: t.string,
    /** Key of the bank slip (boleto). */
    bank_slip_key: t.string,
    /** Whether the installment bears interest. */
    has_interest: t.boolean,
    /** How the installment is to be paid. */
    payment_type: PaymentTypeEnumerator,
    /** Position of the installment in the operation. */
    installment_number: t.Int,
    /** Due date moved to the next business day. */
    business_due_date: IsoDate,
    /** Pre-fixed interest part. */
    pre_fixed_amount: Amount,
    /** Post-fixed interest part. */
    post_fixed_amount: Amount,
    /** Principal amortized by the installment. */
    principal_amortization_amount: Amount,
    /** Additional costs (QI Tech has only sent empty lists). */
    additional_costs: t.UnknownArray,
    /** Installment type. */
    installment_type: t.string,
  },
  isInstallment,
)
/** `data.installment` of a status change. */
export interface Installment extends t.TypeOf<typeof Installment> {}

/**
 * `data` of a status change.
 * @example
 * import { InstallmentStatusChangeData } from 'qitech-installment-webhooks'
 * const installment = { installment_key: '92a05d9c-e457-4f28-9fa8-86be638ee2d0', due_date: '2022-10-28' }
 * InstallmentStatusChangeData.is({ status: 'paid', is_finished: true, installment }) // true
 */
export const InstallmentStatusChangeData = /* @__PURE__ */ payloadObject(
  'InstallmentStatusChangeData',
  {
    /** The installment's new status. */
    status: InstallmentStatus,
    /** Whether the installment has finished: `true` once QI Tech will send no further status for it. */
    is_finished: t.boolean,
    /** The installment after the change. */
    installment: Installment,
  },
  {},
  isStatusChangeData,
)
/** `data` of a status change. */
export interface InstallmentStatusChangeData extends t.TypeOf<typeof InstallmentStatusChangeData> {}

/**
 * A status change: an installment moved to one of the 8 configurable statuses.
 * @example
 * import { InstallmentStatusChangeWebhook } from 'qitech-installment-webhooks'
 * declare const body: unknown
 * if (InstallmentStatusChangeWebhook.is(body)) console.log(body.data.status, body.data.installment.installment_key)
 */
export const InstallmentStatusChangeWebhook = /* @__PURE__ */ webhookEnvelope(
  'InstallmentStatusChangeWebhook',
  InstallmentStatusChangeData,
  isStatusChangeWebhook,
)
/** A status change webhook. */
export interface InstallmentStatusChangeWebhook extends t.TypeOf<typeof InstallmentStatusChangeWebhook> {}
