import * as t from 'io-ts'
import { enumerator } from './combinators'

/**
 * The top-level `webhook_type` both installment variants carry, `installment.status_change`; its `value` is the
 * string itself.
 * @example
 * import { InstallmentWebhookType } from 'qitech-installment-webhooks'
 * declare const body: { webhook_type: string }
 * if (body.webhook_type !== InstallmentWebhookType.value) console.log('another QI Tech webhook')
 */
export const InstallmentWebhookType = /* @__PURE__ */ t.literal('installment.status_change', 'InstallmentWebhookType')
/** `installment.status_change`. */
export type InstallmentWebhookType = t.TypeOf<typeof InstallmentWebhookType>

// The values of each enumeration, in the order of QI Tech's documentation. Internal: the codecs hold them.
const statuses = {
  /** Open: pending. */
  opened: null,
  /** Paid. */
  paid: null,
  /** Waiting for payment. */
  waiting_payment: null,
  /** Paid before its due date. */
  paid_early: null,
  /** Partly paid. */
  paid_partial: null,
  /** Past its due date. */
  overdue: null,
  /** Partly paid after its due date. */
  paid_partial_overdue: null,
  /** Paid after its due date. */
  paid_overdue: null,
}

/**
 * One of the 8 installment statuses a lender subscribes to; `Object.keys(InstallmentStatus.keys)` lists them.
 * @example
 * import { InstallmentStatus } from 'qitech-installment-webhooks'
 * InstallmentStatus.is('paid_overdue') // true
 */
export const InstallmentStatus = /* @__PURE__ */ t.keyof(statuses, 'InstallmentStatus')
/** One of the 8 configurable installment statuses. */
export type InstallmentStatus = t.TypeOf<typeof InstallmentStatus>

const hasOwnProperty = Object.prototype.hasOwnProperty

/** {@link InstallmentStatus}'s rule, for the status-change guard (io-ts's `keyof` rule). Internal. */
export const isInstallmentStatusValue = (u: unknown): boolean => typeof u === 'string' && hasOwnProperty.call(statuses, u)

/** Every value of `data.status`: an installment status selects a status change, `update` a bank-slip update. */
export const InstallmentWebhookDataStatus = /* @__PURE__ */ t.keyof({ ...statuses, update: null }, 'InstallmentWebhookDataStatus')

const installmentStatusEnumeratorValues = [...(Object.keys(statuses) as InstallmentStatus[]), 'created'] as const

/**
 * The `installment_status` / `installment_old_status` enumerator object, e.g.
 * `{ "enumerator": "paid", "translation_path": "co.InstallmentStatus.paid" }`: the 8 statuses plus `created`, seen as
 * an old status, are typed, and a value QI Tech adds later still decodes as a string.
 * @example
 * import { InstallmentStatusEnumerator } from 'qitech-installment-webhooks'
 * InstallmentStatusEnumerator.is({ enumerator: 'created', translation_path: 'co.InstallmentStatus.created' }) // true
 */
export const InstallmentStatusEnumerator = /* @__PURE__ */ enumerator(installmentStatusEnumeratorValues, 'InstallmentStatusEnumerator')
/** QI Tech's `co.InstallmentStatus` enumerator object. */
export type InstallmentStatusEnumerator = t.TypeOf<typeof InstallmentStatusEnumerator>

/**
 * The `installment_event_type` enumerator object, e.g. `{ "enumerator": "payment", ... }`: `open` and `payment` are
 * typed, and any other type QI Tech adds (a due-date change surely has one) still decodes.
 * @example
 * import { InstallmentEventTypeEnumerator } from 'qitech-installment-webhooks'
 * InstallmentEventTypeEnumerator.is({ enumerator: 'open', translation_path: 'co.InstallmentEventType.open' }) // true
 */
export const InstallmentEventTypeEnumerator = /* @__PURE__ */ enumerator(['open', 'payment'] as const, 'InstallmentEventTypeEnumerator')
/** QI Tech's `co.InstallmentEventType` enumerator object. */
export type InstallmentEventTypeEnumerator = t.TypeOf<typeof InstallmentEventTypeEnumerator>

/**
 * The `payment_type` / `paid_method_type` enumerator object, e.g. `{ "enumerator": "pix", ... }`: `bankslip`,
 * `bank_slip` (QI Tech's pages use both) and `pix` are typed, and any other method still decodes.
 * @example
 * import { PaymentTypeEnumerator } from 'qitech-installment-webhooks'
 * PaymentTypeEnumerator.is({ enumerator: 'pix', translation_path: 'co.PaymentType.pix' }) // true
 */
export const PaymentTypeEnumerator = /* @__PURE__ */ enumerator(['bankslip', 'bank_slip', 'pix'] as const, 'PaymentTypeEnumerator')
/** QI Tech's `co.PaymentType` enumerator object. */
export type PaymentTypeEnumerator = t.TypeOf<typeof PaymentTypeEnumerator>
