import * as t from 'io-ts'
import { InstallmentBankSlipUpdateWebhook } from './bank-slip-update'
import { INSTALLMENT_WEBHOOK_TYPE, InstallmentWebhookType, WebhookStatus, installmentStatuses } from './enums'
import { NonEmptyString, payloadObject } from './primitives'
import { InstallmentStatusChangeWebhook } from './status-change'

/** Marks the failures that mean "not this webhook" rather than "a broken field"; `decode.ts` maps them to codes. */
export const UNSUPPORTED_WEBHOOK_TYPE_FAILURE = 'UNSUPPORTED_WEBHOOK_TYPE'
/** See {@link UNSUPPORTED_WEBHOOK_TYPE_FAILURE}. */
export const UNKNOWN_STATUS_FAILURE = 'UNKNOWN_STATUS'
/** See {@link UNSUPPORTED_WEBHOOK_TYPE_FAILURE}. */
export const NOT_AN_OBJECT_FAILURE = 'NOT_AN_OBJECT'

/** Either installment webhook; narrow it on `data.status`. */
export type InstallmentWebhook = InstallmentStatusChangeWebhook | InstallmentBankSlipUpdateWebhook

type VariantCodec = typeof InstallmentStatusChangeWebhook | typeof InstallmentBankSlipUpdateWebhook

// A null-prototype table, so `data.status` values such as `__proto__` or `toString` find nothing.
const buildVariantTable = (): Record<string, VariantCodec | undefined> => {
  const table: Record<string, VariantCodec | undefined> = Object.create(null)
  for (const status of installmentStatuses) table[status] = InstallmentStatusChangeWebhook
  table.update = InstallmentBankSlipUpdateWebhook
  return table
}
const variantByStatus = /* @__PURE__ */ buildVariantTable()

// What every installment webhook has: used only to report what is wrong when no variant can be chosen.
const InstallmentWebhookEnvelope = /* @__PURE__ */ payloadObject(
  'InstallmentWebhookEnvelope',
  {
    key: NonEmptyString,
    webhook_type: InstallmentWebhookType,
    data: /* @__PURE__ */ payloadObject('InstallmentWebhookData', { status: WebhookStatus }, {}),
  },
  {},
)

const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && Object.prototype.toString.call(u) === '[object Object]'

/** The variant codec `data.status` selects, or `undefined` when it selects none. */
export const selectVariant = (u: Record<string, unknown>): VariantCodec | undefined => {
  const data = u.data
  const status = isRecord(data) ? data.status : undefined
  return typeof status === 'string' ? variantByStatus[status] : undefined
}

const validate: t.Validate<unknown, InstallmentWebhook> = (u, c) => {
  if (!isRecord(u)) return t.failure(u, c, NOT_AN_OBJECT_FAILURE)
  const type = u.webhook_type
  if (typeof type === 'string' && type !== INSTALLMENT_WEBHOOK_TYPE) {
    return t.failure(type, t.appendContext(c, 'webhook_type', InstallmentWebhookType, type), UNSUPPORTED_WEBHOOK_TYPE_FAILURE)
  }
  const variant = selectVariant(u)
  if (variant === undefined) {
    const status = isRecord(u.data) ? u.data.status : undefined
    if (typeof type === 'string' && typeof status === 'string') {
      const data = t.appendContext(c, 'data', t.UnknownRecord, u.data)
      return t.failure(status, t.appendContext(data, 'status', WebhookStatus, status), UNKNOWN_STATUS_FAILURE)
    }
    return InstallmentWebhookEnvelope.validate(u, t.appendContext(c, '', InstallmentWebhookEnvelope, u)) as t.Validation<never>
  }
  // Valid deliveries take the guard and return the input itself; only failures pay for io-ts's error collection.
  return variant.is(u) ? t.success(u) : variant.validate(u, t.appendContext(c, '', variant, u))
}

/**
 * The io-ts codec of both installment webhooks. It reads `data.status` and runs only the matching variant's codec
 * (never a trial union), so a failure reports the fields of the variant that was sent. Unknown fields are kept and a
 * valid input is returned as is.
 * @example
 * import { InstallmentWebhook } from 'qitech-installment-webhooks'
 * const result = InstallmentWebhook.decode(JSON.parse('{"key":"k","webhook_type":"installment.status_change","data":{"status":"update","installments":[]}}'))
 * if (result._tag === 'Right' && result.right.data.status === 'update') console.log(result.right.data.installments.length)
 */
export const InstallmentWebhook: t.Type<InstallmentWebhook, InstallmentWebhook, unknown> = /* @__PURE__ */ new t.Type<
  InstallmentWebhook,
  InstallmentWebhook,
  unknown
>(
  'InstallmentWebhook',
  (u): u is InstallmentWebhook => {
    if (!isRecord(u) || u.webhook_type !== INSTALLMENT_WEBHOOK_TYPE) return false
    const variant = selectVariant(u)
    return variant !== undefined && variant.is(u)
  },
  validate,
  t.identity,
)

/**
 * True when the webhook is a status change (`data.status` is one of the 8 installment statuses).
 * @example
 * import { isInstallmentStatusChange, parseInstallmentWebhook } from 'qitech-installment-webhooks'
 * declare const body: string
 * const webhook = parseInstallmentWebhook(body)
 * if (isInstallmentStatusChange(webhook)) console.log(webhook.data.installment.installment_key)
 */
export const isInstallmentStatusChange = (webhook: InstallmentWebhook): webhook is InstallmentStatusChangeWebhook =>
  webhook.data.status !== 'update'

/**
 * True when the webhook is a bank-slip update (`data.status` is `update`).
 * @example
 * import { isInstallmentBankSlipUpdate, parseInstallmentWebhook } from 'qitech-installment-webhooks'
 * declare const body: string
 * const webhook = parseInstallmentWebhook(body)
 * if (isInstallmentBankSlipUpdate(webhook)) console.log(webhook.data.installments.length)
 */
export const isInstallmentBankSlipUpdate = (webhook: InstallmentWebhook): webhook is InstallmentBankSlipUpdateWebhook =>
  webhook.data.status === 'update'
