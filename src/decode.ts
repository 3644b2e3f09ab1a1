import type { Either } from 'fp-ts/Either'
import type * as t from 'io-ts'
import { bytesOf } from './bytes'
import { budgetOf, isRecord } from './combinators'
import { left, right } from './either'
import { type InstallmentWebhookEnvelope, type InstallmentWebhookError, createInstallmentWebhookError } from './errors'
import { describeValue, toIssues } from './report'
import { type EnvelopeFailure, InstallmentWebhook, type Variant, checkEnvelope, isInstallmentWebhookBody, validateByEnvelope } from './webhook'

// U+FEFF, compared as a code unit: cheaper than `startsWith` on every body.
const BYTE_ORDER_MARK = 0xfeff
// `fatal` rejects bytes that are not UTF-8 instead of replacing them. `ignoreBOM` keeps a leading BOM in the text, so
// `parseText` drops exactly one, for bytes as for strings.
const utf8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** What bytes that are not UTF-8 look like: UTF-16 announces itself with its byte order mark. */
const describeBytes = (bytes: Uint8Array): string => {
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  return `${utf16 ? 'UTF-16 text' : 'bytes that are not UTF-8'} (${bytes.byteLength} bytes)`
}

/** The error of a body rejected as a whole, before any field is read. */
const rejectBody = (code: 'INVALID_JSON' | 'INVALID_PAYLOAD', body: unknown, expected: string, received: string) =>
  left(createInstallmentWebhookError(code, [{ path: '', expected, received }], body))

/** The envelope fields a rejected body has, so a receiver can file it without parsing it again. */
const envelopeOf = (value: unknown): InstallmentWebhookEnvelope => {
  const envelope: { key?: string; webhook_type?: string; status?: string } = {}
  if (!isRecord(value)) return envelope
  const { key, webhook_type } = value
  const status = isRecord(value.data) ? value.data.status : undefined
  if (typeof key === 'string') envelope.key = key
  if (typeof webhook_type === 'string') envelope.webhook_type = webhook_type
  if (typeof status === 'string') envelope.status = status
  return envelope
}

/** The error for a body the fast path rejected: the codec's errors, under the envelope's code or `INVALID_PAYLOAD`. */
const reject = (value: unknown, envelope: Variant | EnvelopeFailure): Either<InstallmentWebhookError, InstallmentWebhook> => {
  const context: t.Context = [{ key: '', type: InstallmentWebhook, actual: value }]
  const result = validateByEnvelope(value, context, envelope)
  // The guards are checked against a reference codec; should one ever disagree with its codec, the codec decides.
  if (result._tag === 'Right') return right(result.right)
  const code = envelope.ok ? 'INVALID_PAYLOAD' : envelope.code
  const { issues, omittedIssues } = toIssues(result.left, budgetOf(context).omitted)
  return left(createInstallmentWebhookError(code, issues, value, envelopeOf(value), omittedIssues))
}

const validateParsed = (value: unknown): Either<InstallmentWebhookError, InstallmentWebhook> =>
  isInstallmentWebhookBody(value) ? right(value as InstallmentWebhook) : reject(value, checkEnvelope(value))

const parseText = (text: string, body: unknown): Either<InstallmentWebhookError, InstallmentWebhook> => {
  let value: unknown
  try {
    value = JSON.parse(text.charCodeAt(0) === BYTE_ORDER_MARK ? text.slice(1) : text)
  } catch {
    return rejectBody('INVALID_JSON', body, 'UTF-8 JSON text', `text that is not JSON (${describeValue(text)})`)
  }
  return validateParsed(value)
}

const decodeBody = (body: unknown): Either<InstallmentWebhookError, InstallmentWebhook> => {
  if (typeof body === 'string') return parseText(body, body)
  const bytes = bytesOf(body)
  if (bytes === undefined) return validateParsed(body)
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return rejectBody('INVALID_JSON', body, 'UTF-8 JSON text', describeBytes(bytes))
  }
  return parseText(text, body)
}

/**
 * Decodes a QI Tech installment webhook from the raw body (a string, `Buffer`, `Uint8Array` or `ArrayBuffer`; a
 * leading byte order mark is ignored) or a value already parsed from JSON. Never throws: it returns the typed webhook,
 * or an {@link InstallmentWebhookError} that names the first 100 problems, counts the rest, and keeps the body.
 * @example
 * import { isLeft } from 'fp-ts/Either'
 * import { decodeInstallmentWebhook } from 'qitech-installment-webhooks'
 * declare const rawBody: Buffer
 * const result = decodeInstallmentWebhook(rawBody)
 * if (isLeft(result)) {
 *   console.log(result.left.code)
 * } else if (result.right.data.status === 'paid') {
 *   console.log(result.right.data.installment.installment_payment)
 * }
 */
export const decodeInstallmentWebhook = (body: unknown): Either<InstallmentWebhookError, InstallmentWebhook> => {
  try {
    return decodeBody(body)
  } catch {
    // Only a value handed in already parsed can get here: a getter or Proxy trap that throws while it is read.
    return rejectBody('INVALID_PAYLOAD', body, 'plain JSON data', 'a value that threw while it was read')
  }
}

/**
 * Like {@link decodeInstallmentWebhook}, but returns the webhook or throws the {@link InstallmentWebhookError}.
 * @example
 * import { parseInstallmentWebhook } from 'qitech-installment-webhooks'
 * declare const rawBody: string
 * const webhook = parseInstallmentWebhook(rawBody)
 * console.log(webhook.data.status)
 */
export const parseInstallmentWebhook = (body: unknown): InstallmentWebhook => {
  const result = decodeInstallmentWebhook(body)
  if (result._tag === 'Left') {
    if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(result.left, parseInstallmentWebhook)
    throw result.left
  }
  return result.right
}
