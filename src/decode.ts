import type { Either } from 'fp-ts/Either'
import { bytesOf } from './bytes'
import {
  type InstallmentWebhookError,
  type InstallmentWebhookErrorCode,
  captureStackOf,
  createInstallmentWebhookError,
} from './errors'
import { describeValue, toIssues } from './report'
import {
  type InstallmentWebhook,
  NOT_AN_OBJECT_FAILURE,
  UNKNOWN_STATUS_FAILURE,
  UNSUPPORTED_WEBHOOK_TYPE_FAILURE,
  validateInstallmentWebhook,
} from './webhook'

// fp-ts's Either is a plain tagged object; building it here keeps the core free of ESM imports into fp-ts, whose
// subpaths (`fp-ts/Either`) Node's ESM loader cannot resolve.
const left = <E>(e: E): Either<E, never> => ({ _tag: 'Left', left: e })

const BYTE_ORDER_MARK = '\uFEFF'
// `fatal` rejects bytes that are not UTF-8 instead of replacing them. `ignoreBOM` keeps a leading BOM in the text, so
// `parseText` drops exactly one, for bytes as for strings.
const utf8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** What bytes that are not UTF-8 look like: UTF-16 announces itself with its byte order mark. */
const describeBytes = (bytes: Uint8Array): string => {
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  return `${utf16 ? 'UTF-16 text' : 'bytes that are not UTF-8'} (${bytes.byteLength} bytes)`
}

const invalidJson = (body: unknown, received: string): Either<InstallmentWebhookError, never> =>
  left(createInstallmentWebhookError('INVALID_JSON', [{ path: '', expected: 'UTF-8 JSON text', received }], body))

const codeOf = (message: string | undefined): InstallmentWebhookErrorCode => {
  switch (message) {
    case NOT_AN_OBJECT_FAILURE:
    case UNSUPPORTED_WEBHOOK_TYPE_FAILURE:
    case UNKNOWN_STATUS_FAILURE:
      return message
    default:
      return 'INVALID_PAYLOAD'
  }
}

const validateParsed = (value: unknown, parsedJson: boolean): Either<InstallmentWebhookError, InstallmentWebhook> => {
  const result = validateInstallmentWebhook(value, parsedJson)
  if (result._tag === 'Right') return result
  return left(createInstallmentWebhookError(codeOf(result.left[0]?.message), toIssues(result.left), value))
}

const parseText = (text: string, body: unknown): Either<InstallmentWebhookError, InstallmentWebhook> => {
  let value: unknown
  try {
    value = JSON.parse(text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text)
  } catch {
    return invalidJson(body, `text that is not JSON (${describeValue(text)})`)
  }
  return validateParsed(value, true)
}

const decodeBody = (body: unknown): Either<InstallmentWebhookError, InstallmentWebhook> => {
  if (typeof body === 'string') return parseText(body, body)
  const bytes = bytesOf(body)
  if (bytes !== undefined) {
    let text: string
    try {
      text = utf8.decode(bytes)
    } catch {
      return invalidJson(body, describeBytes(bytes))
    }
    return parseText(text, body)
  }
  return validateParsed(body, false)
}

/**
 * Decodes a QI Tech installment webhook. Never throws: it returns the typed webhook, or an
 * {@link InstallmentWebhookError} that names every problem and keeps the body.
 *
 * `body` is the raw body as a string or bytes (`Buffer`, `Uint8Array`, `ArrayBuffer`), or a value already parsed
 * from JSON. A leading UTF-8 byte order mark is ignored.
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
    return left(
      createInstallmentWebhookError(
        'INVALID_PAYLOAD',
        [{ path: '', expected: 'plain JSON data', received: 'a value that threw while it was read' }],
        body,
      ),
    )
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
    captureStackOf(result.left, parseInstallmentWebhook)
    throw result.left
  }
  return result.right
}
