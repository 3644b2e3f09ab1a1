import type { Left } from 'fp-ts/Either'
import * as t from 'io-ts'
import { InstallmentBankSlipUpdateWebhook, isBankSlipUpdateWebhook } from './bank-slip-update'
import { budgetOf, isRecord, payloadObject } from './combinators'
import { InstallmentStatus, InstallmentWebhookDataStatus, InstallmentWebhookType } from './enums'
import { isEnvelope, webhookEnvelope } from './envelope'
import { InstallmentStatusChangeWebhook, isStatusChangeWebhook } from './status-change'

/** Either installment webhook; narrow it on `data.status`. */
export type InstallmentWebhook = InstallmentStatusChangeWebhook | InstallmentBankSlipUpdateWebhook

/** The variant `data.status` chose: its codec names what is wrong with the body. */
export interface Variant {
  readonly ok: true
  readonly codec: typeof InstallmentStatusChangeWebhook | typeof InstallmentBankSlipUpdateWebhook
}

/** Why no variant could be chosen; each reason has its own code. */
export interface EnvelopeFailure {
  readonly ok: false
  readonly code: 'NOT_AN_OBJECT' | 'ENCODED_BODY' | 'UNSUPPORTED_WEBHOOK_TYPE' | 'UNKNOWN_STATUS' | 'INVALID_PAYLOAD'
  /** io-ts's errors for the failure, under the context `c` of the body. */
  readonly errors: (c: t.Context) => t.Errors
}

const statusChange: Variant = { ok: true, codec: InstallmentStatusChangeWebhook }
const bankSlipUpdate: Variant = { ok: true, codec: InstallmentBankSlipUpdateWebhook }

// A Map, so `data.status` values such as `__proto__` or `toString` find nothing. Built by a pure-marked call, as
// bundlers keep a bare module-level `new Map([...])` even when nothing imports it.
const buildVariantTable = (): ReadonlyMap<string, Variant> =>
  new Map<string, Variant>([
    ...Object.keys(InstallmentStatus.keys).map((status) => [status, statusChange] as const),
    ['update', bankSlipUpdate],
  ])
const variantByStatus = /* @__PURE__ */ buildVariantTable()

// What every installment webhook has, with `data.status` as the variant table reads it: used only to report what
// is wrong when no variant can be chosen.
const isEnvelopeData = (u: unknown): boolean => isRecord(u) && InstallmentWebhookDataStatus.is(u.status)
const InstallmentWebhookEnvelope = /* @__PURE__ */ webhookEnvelope(
  'InstallmentWebhookEnvelope',
  /* @__PURE__ */ payloadObject('InstallmentWebhookData', { status: InstallmentWebhookDataStatus }, {}, isEnvelopeData),
  (u) => isEnvelope(u) && isEnvelopeData(u.data),
)

/** What a legacy (v1) delivery's body holds instead of `webhook_type`; named so that its error reads as advice. */
const NoLegacyEnvelope = /* @__PURE__ */ new t.Type<undefined>(
  'nothing: a legacy signed envelope is verified and unwrapped by receiveInstallmentWebhook',
  (u): u is undefined => u === undefined,
  (u, c) => (u === undefined ? t.success(u) : t.failure(u, c)),
  t.identity,
)

/** The one error of a value that fails where `context` says. */
const errorAt = (value: unknown, context: t.Context): t.Errors => [{ value, context }]

const fail = (code: EnvelopeFailure['code'], errors: EnvelopeFailure['errors']): EnvelopeFailure => ({
  ok: false,
  code,
  errors,
})

// The body itself must be a plain record: a Map, a Date or a boxed string handed in is NOT_AN_OBJECT.
const isBodyRecord = (u: unknown): u is Record<string, unknown> => Object.prototype.toString.call(u) === '[object Object]'

/**
 * Reads the envelope of a body that {@link isInstallmentWebhookBody} rejected: a body that is not an object, a legacy
 * `{"encoded_body": ...}` envelope, another `webhook_type`, and an unknown `data.status` each get their own code;
 * otherwise `data.status` chooses the variant whose codec reports what is wrong.
 */
export const checkEnvelope = (u: unknown): Variant | EnvelopeFailure => {
  if (!isBodyRecord(u)) return fail('NOT_AN_OBJECT', (c) => errorAt(u, c))
  const type = u.webhook_type
  if (type === undefined && typeof u.encoded_body === 'string') {
    const envelope = u.encoded_body
    return fail('ENCODED_BODY', (c) => errorAt(envelope, t.appendContext(c, 'encoded_body', NoLegacyEnvelope, envelope)))
  }
  if (typeof type === 'string' && type !== InstallmentWebhookType.value) {
    return fail('UNSUPPORTED_WEBHOOK_TYPE', (c) => errorAt(type, t.appendContext(c, 'webhook_type', InstallmentWebhookType, type)))
  }
  const data = isRecord(u.data) ? u.data : undefined
  const status = data?.status
  const variant = typeof status === 'string' ? variantByStatus.get(status) : undefined
  if (variant !== undefined) return variant
  if (typeof type === 'string' && typeof status === 'string') {
    return fail('UNKNOWN_STATUS', (c) => {
      const dataContext = t.appendContext(c, 'data', t.UnknownRecord, data)
      return errorAt(status, t.appendContext(dataContext, 'status', InstallmentWebhookDataStatus, status))
    })
  }
  // Here `webhook_type` is not a string, or `data.status` is not a string: the envelope codec fails on either.
  return fail('INVALID_PAYLOAD', (c) => {
    const result = InstallmentWebhookEnvelope.validate(u, t.appendContext(c, '', InstallmentWebhookEnvelope, u))
    return (result as Left<t.Errors>).left
  })
}

/**
 * True exactly when `InstallmentWebhook.decode(u)` succeeds: the fast path of a valid body. `data.status` chooses the
 * variant's guard, which checks the envelope's fields itself, so a valid body's envelope is read once; only a body
 * that fails is read apart by {@link checkEnvelope}.
 */
export const isInstallmentWebhookBody = (u: unknown): boolean => {
  if (!isBodyRecord(u)) return false
  const data = u.data
  return isRecord(data) && (data.status === 'update' ? isBankSlipUpdateWebhook(u) : isStatusChangeWebhook(u))
}

/** io-ts's answer for a body whose envelope has been read: its failure, or what the chosen variant's codec says. */
export const validateByEnvelope = (u: unknown, c: t.Context, envelope: Variant | EnvelopeFailure): t.Validation<InstallmentWebhook> =>
  envelope.ok
    ? (envelope.codec.validate(u, t.appendContext(c, '', envelope.codec, u)) as t.Validation<InstallmentWebhook>)
    : t.failures(envelope.errors(c))

/** A failure's errors and, when the report's budget left issues out, a last error that counts them. */
const withOmitted = (result: t.Validation<InstallmentWebhook>, c: t.Context): t.Validation<InstallmentWebhook> => {
  const { omitted } = budgetOf(c)
  if (result._tag === 'Right' || omitted === 0) return result
  return t.failures([...result.left, { value: undefined, context: c, message: `and ${omitted} more issues not listed` }])
}

/**
 * The io-ts codec of both installment webhooks. It runs only the variant `data.status` chooses (never a trial union),
 * so a failure reports the first 100 or so fields of the variant that was sent, each with its path, then one error
 * whose `message` counts the rest. Unknown fields are kept and a valid input is returned as is.
 * @example
 * import { InstallmentWebhook } from 'qitech-installment-webhooks'
 * const result = InstallmentWebhook.decode(JSON.parse('{"key":"k","webhook_type":"installment.status_change","data":{"status":"update","installments":[]}}'))
 * if (result._tag === 'Right' && result.right.data.status === 'update') console.log(result.right.data.installments.length)
 */
export const InstallmentWebhook = /* @__PURE__ */ new t.Type<InstallmentWebhook, InstallmentWebhook, unknown>(
  'InstallmentWebhook',
  (u): u is InstallmentWebhook => isInstallmentWebhookBody(u),
  (u, c) => (isInstallmentWebhookBody(u) ? t.success(u as InstallmentWebhook) : withOmitted(validateByEnvelope(u, c, checkEnvelope(u)), c)),
  t.identity,
)

/**
 * True when the webhook is a status change (`data.status` is one of the 8 installment statuses). Narrowing on
 * `webhook.data.status` narrows `webhook.data`; this narrows the whole webhook, as `compareInstallmentDeliveries`
 * wants it.
 * @example
 * import { type InstallmentWebhook, isInstallmentStatusChange } from 'qitech-installment-webhooks'
 * declare const webhook: InstallmentWebhook
 * if (isInstallmentStatusChange(webhook)) console.log(webhook.data.installment.installment_key)
 */
export const isInstallmentStatusChange = (webhook: InstallmentWebhook): webhook is InstallmentStatusChangeWebhook =>
  webhook.data.status !== 'update'

/**
 * True when the webhook is a bank-slip update (`data.status` is `update`).
 * @example
 * import { type InstallmentWebhook, isInstallmentBankSlipUpdate } from 'qitech-installment-webhooks'
 * declare const webhook: InstallmentWebhook
 * if (isInstallmentBankSlipUpdate(webhook)) console.log(webhook.data.installments.length)
 */
export const isInstallmentBankSlipUpdate = (webhook: InstallmentWebhook): webhook is InstallmentBankSlipUpdateWebhook =>
  webhook.data.status === 'update'
