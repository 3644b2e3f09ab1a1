import * as t from 'io-ts'
import { enumerator, openEnum } from './combinators'

/**
 * The `webhook_type` both installment variants carry.
 * @example
 * import { INSTALLMENT_WEBHOOK_TYPE } from 'qitech-installment-webhooks'
 * declare const body: { webhook_type: string }
 * if (body.webhook_type !== INSTALLMENT_WEBHOOK_TYPE) console.log('another QI Tech webhook')
 */
export const INSTALLMENT_WEBHOOK_TYPE = 'installment.status_change'

/**
 * The top-level `webhook_type` literal, `installment.status_change`.
 * @example
 * import { InstallmentWebhookType } from 'qitech-installment-webhooks'
 * InstallmentWebhookType.is('installment.status_change') // true
 */
export const InstallmentWebhookType = /* @__PURE__ */ t.literal(INSTALLMENT_WEBHOOK_TYPE, 'InstallmentWebhookType')
/** `installment.status_change`. */
export type InstallmentWebhookType = t.TypeOf<typeof InstallmentWebhookType>

const keysOf = <K extends string>(values: ReadonlyArray<K>): Record<K, null> =>
  Object.fromEntries(values.map((v) => [v, null])) as Record<K, null>

// Module-level calls are marked pure, here and in the codec modules, so a bundler drops what an app does not import.
// A bare spread at module level would count as a side effect and stay: lists are joined by this function instead.
const concatValues = <A extends ReadonlyArray<string>, B extends ReadonlyArray<string>>(a: A, b: B): readonly [...A, ...B] => [
  ...a,
  ...b,
]

/**
 * The 8 installment statuses QI Tech lets a lender subscribe to, in the order of its documentation.
 * @example
 * import { installmentStatuses } from 'qitech-installment-webhooks'
 * const paidStatuses = installmentStatuses.filter((status) => status.startsWith('paid'))
 */
export const installmentStatuses = [
  'opened',
  'paid',
  'waiting_payment',
  'paid_early',
  'paid_partial',
  'overdue',
  'paid_partial_overdue',
  'paid_overdue',
] as const

/**
 * One of the 8 configurable installment statuses (`opened`, `paid`, `waiting_payment`, `paid_early`,
 * `paid_partial`, `overdue`, `paid_partial_overdue`, `paid_overdue`).
 * @example
 * import { InstallmentStatus } from 'qitech-installment-webhooks'
 * InstallmentStatus.is('paid_overdue') // true
 */
export const InstallmentStatus = /* @__PURE__ */ t.keyof(/* @__PURE__ */ keysOf(installmentStatuses), 'InstallmentStatus')
/** One of the 8 configurable installment statuses. */
export type InstallmentStatus = t.TypeOf<typeof InstallmentStatus>

const hasOwnProperty = Object.prototype.hasOwnProperty

/** {@link InstallmentStatus}'s rule, for the status-change guard (io-ts's `keyof` rule). Internal. */
export const isInstallmentStatusValue = (u: unknown): boolean =>
  typeof u === 'string' && hasOwnProperty.call(InstallmentStatus.keys, u)

/**
 * Every value of `data.status`: the 8 installment statuses, then `update` for a bank-slip update.
 * @example
 * import { installmentWebhookDataStatuses } from 'qitech-installment-webhooks'
 * console.log(installmentWebhookDataStatuses.length) // 9
 */
export const installmentWebhookDataStatuses = /* @__PURE__ */ concatValues(installmentStatuses, ['update'] as const)

/**
 * The type of `data.status`, which selects the variant: an installment status a status change, `update` a bank-slip
 * update. Any other value is rejected with `UNKNOWN_STATUS`.
 * @example
 * import { InstallmentWebhookDataStatus } from 'qitech-installment-webhooks'
 * InstallmentWebhookDataStatus.is('update') // true
 */
export const InstallmentWebhookDataStatus = /* @__PURE__ */ t.keyof(
  /* @__PURE__ */ keysOf(installmentWebhookDataStatuses),
  'InstallmentWebhookDataStatus',
)
/** The type of `data.status`: one of the 8 installment statuses, or `update`. */
export type InstallmentWebhookDataStatus = t.TypeOf<typeof InstallmentWebhookDataStatus>

/**
 * Installment event types seen in QI Tech's examples; the list is open, a due-date change surely has its own.
 * @example
 * import { installmentEventTypes } from 'qitech-installment-webhooks'
 * const known = (type: string): boolean => (installmentEventTypes as ReadonlyArray<string>).includes(type)
 */
export const installmentEventTypes = ['open', 'payment'] as const

/**
 * An installment event type: `open` or `payment`, or any other string QI Tech adds.
 * @example
 * import { InstallmentEventType } from 'qitech-installment-webhooks'
 * InstallmentEventType.is('due_date_change') // true: the list is open
 */
export const InstallmentEventType = /* @__PURE__ */ openEnum(installmentEventTypes, 'InstallmentEventType')
/** `open`, `payment`, or a value QI Tech added later. */
export type InstallmentEventType = t.TypeOf<typeof InstallmentEventType>

/**
 * Payment types seen on QI Tech's pages (`bankslip` here, `bank_slip` on others).
 * @example
 * import { paymentTypes } from 'qitech-installment-webhooks'
 * console.log(paymentTypes.join(', ')) // bankslip, bank_slip, pix
 */
export const paymentTypes = ['bankslip', 'bank_slip', 'pix'] as const

/**
 * A payment method: `bankslip`, `bank_slip`, `pix`, or any other string QI Tech adds.
 * @example
 * import { PaymentType } from 'qitech-installment-webhooks'
 * PaymentType.is('pix') // true
 */
export const PaymentType = /* @__PURE__ */ openEnum(paymentTypes, 'PaymentType')
/** `bankslip`, `bank_slip`, `pix`, or a value QI Tech added later. */
export type PaymentType = t.TypeOf<typeof PaymentType>

/**
 * Values of QI Tech's `co.InstallmentStatus` enumerator: the 8 statuses plus `created`, seen as an old status.
 * @example
 * import { installmentStatusEnumeratorValues } from 'qitech-installment-webhooks'
 * console.log(installmentStatusEnumeratorValues.includes('created')) // true
 */
export const installmentStatusEnumeratorValues = /* @__PURE__ */ concatValues(installmentStatuses, ['created'] as const)

/**
 * The `installment_status` / `installment_old_status` enumerator object, e.g.
 * `{ "enumerator": "paid", "translation_path": "co.InstallmentStatus.paid" }`; unknown values decode.
 * @example
 * import { InstallmentStatusEnumerator } from 'qitech-installment-webhooks'
 * InstallmentStatusEnumerator.is({ enumerator: 'created', translation_path: 'co.InstallmentStatus.created' }) // true
 */
export const InstallmentStatusEnumerator = /* @__PURE__ */ enumerator(installmentStatusEnumeratorValues, 'InstallmentStatusEnumerator')
/** QI Tech's `co.InstallmentStatus` enumerator object. */
export type InstallmentStatusEnumerator = t.TypeOf<typeof InstallmentStatusEnumerator>

/**
 * The `installment_event_type` enumerator object, e.g. `{ "enumerator": "payment", ... }`.
 * @example
 * import { InstallmentEventTypeEnumerator } from 'qitech-installment-webhooks'
 * InstallmentEventTypeEnumerator.is({ enumerator: 'open', translation_path: 'co.InstallmentEventType.open' }) // true
 */
export const InstallmentEventTypeEnumerator = /* @__PURE__ */ enumerator(installmentEventTypes, 'InstallmentEventTypeEnumerator')
/** QI Tech's `co.InstallmentEventType` enumerator object. */
export type InstallmentEventTypeEnumerator = t.TypeOf<typeof InstallmentEventTypeEnumerator>

/**
 * The `payment_type` / `paid_method_type` enumerator object, e.g. `{ "enumerator": "pix", ... }`.
 * @example
 * import { PaymentTypeEnumerator } from 'qitech-installment-webhooks'
 * PaymentTypeEnumerator.is({ enumerator: 'pix', translation_path: 'co.PaymentType.pix' }) // true
 */
export const PaymentTypeEnumerator = /* @__PURE__ */ enumerator(paymentTypes, 'PaymentTypeEnumerator')
/** QI Tech's `co.PaymentType` enumerator object. */
export type PaymentTypeEnumerator = t.TypeOf<typeof PaymentTypeEnumerator>
