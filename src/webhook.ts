import * as t from 'io-ts'
import { InstallmentBankSlipUpdateWebhook } from './bank-slip-update'
import { INSTALLMENT_WEBHOOK_TYPE, InstallmentWebhookType, WebhookStatus, installmentStatuses } from './enums'
import { type CompiledCodec, compileCodec } from './guard'
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

// Each variant's codec, compiled once: a valid delivery is checked by the compiled guard alone, and a failure
// collects io-ts's errors for the failing fields only.
interface Variant {
  readonly codec: VariantCodec
  readonly compiled: CompiledCodec
}

const statusChange: Variant = {
  codec: InstallmentStatusChangeWebhook,
  compiled: /* @__PURE__ */ compileCodec(InstallmentStatusChangeWebhook),
}
const bankSlipUpdate: Variant = {
  codec: InstallmentBankSlipUpdateWebhook,
  compiled: /* @__PURE__ */ compileCodec(InstallmentBankSlipUpdateWebhook),
}

// A Map, so `data.status` values such as `__proto__` or `toString` find nothing. Built by a pure-marked call, as
// bundlers keep a bare module-level `new Map([...])` even when nothing imports it.
const buildVariantTable = (): ReadonlyMap<string, Variant> =>
  new Map<string, Variant>([
    ...installmentStatuses.map((status) => [status, statusChange] as const),
    ['update', bankSlipUpdate],
  ])
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

// The body itself must be a plain record: a Map, a Date or a boxed string handed in is NOT_AN_OBJECT. Inside it,
// `data` is judged as the variant codecs judge it (io-ts's `UnknownRecord`), so the variant chosen is always the one
// whose codec then checks the body.
const isBodyRecord = (u: unknown): u is Record<string, unknown> =>
  t.UnknownRecord.is(u) && Object.prototype.toString.call(u) === '[object Object]'

/** The `data.status` string, or `undefined` when there is none. */
const statusOf = (u: Record<string, unknown>): string | undefined => {
  const data = u.data
  const status = t.UnknownRecord.is(data) ? data.status : undefined
  return typeof status === 'string' ? status : undefined
}

/** The variant `data.status` selects, or `undefined` when it selects none. */
const selectVariant = (u: Record<string, unknown>): Variant | undefined => {
  const status = statusOf(u)
  return status === undefined ? undefined : variantByStatus.get(status)
}

// The decoder passes no context: the root context is built only for a body that fails, so a valid delivery
// allocates nothing here.
const rootContext = (u: unknown, c: t.Context | undefined): t.Context =>
  c ?? [{ key: '', type: InstallmentWebhook, actual: u }]

const validateWith = (u: unknown, c: t.Context | undefined, parsedJson = false): t.Validation<InstallmentWebhook> => {
  if (!isBodyRecord(u)) return t.failure(u, rootContext(u, c), NOT_AN_OBJECT_FAILURE)
  const type = u.webhook_type
  if (typeof type === 'string' && type !== INSTALLMENT_WEBHOOK_TYPE) {
    const context = t.appendContext(rootContext(u, c), 'webhook_type', InstallmentWebhookType, type)
    return t.failure(type, context, UNSUPPORTED_WEBHOOK_TYPE_FAILURE)
  }
  const variant = selectVariant(u)
  if (variant === undefined) {
    const status = statusOf(u)
    const root = rootContext(u, c)
    const statusContext = t.appendContext(t.appendContext(root, 'data', t.UnknownRecord, u.data), 'status', WebhookStatus, status)
    if (typeof type === 'string' && status !== undefined) return t.failure(status, statusContext, UNKNOWN_STATUS_FAILURE)
    const envelope = InstallmentWebhookEnvelope.validate(u, t.appendContext(root, '', InstallmentWebhookEnvelope, u))
    // No variant was chosen, so the body must not pass: the envelope names what is wrong, and when it finds nothing
    // (it cannot, while it checks `data.status` as the variant table does) the body still fails at data.status.
    return envelope._tag === 'Left' ? (envelope as t.Validation<never>) : t.failure(status, statusContext)
  }
  // A valid delivery is returned as is; only a failure pays for io-ts's error collection.
  if (parsedJson ? variant.compiled.isParsedJson(u) : variant.compiled.is(u)) return t.success(u as InstallmentWebhook)
  const context = t.appendContext(rootContext(u, c), '', variant.codec, u)
  return variant.compiled.explain(u, context) as t.Validation<InstallmentWebhook>
}

/**
 * {@link InstallmentWebhook}'s `validate` from the root, for the decoder; `parsedJson` says that `JSON.parse` made
 * `u`, which lets the check walk its keys instead of looking each one up.
 */
export const validateInstallmentWebhook = (u: unknown, parsedJson: boolean): t.Validation<InstallmentWebhook> =>
  validateWith(u, undefined, parsedJson)

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
    if (!isBodyRecord(u) || u.webhook_type !== INSTALLMENT_WEBHOOK_TYPE) return false
    const variant = selectVariant(u)
    return variant !== undefined && variant.compiled.is(u)
  },
  (u, c) => validateWith(u, c),
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
