import { bytesOf } from '../bytes'
import { type Result, fail, ok } from './errors'

/**
 * The raw request body as received: text, or bytes (`Buffer`, `Uint8Array`, any typed array, `ArrayBuffer`).
 * @example
 * import type { RawBody } from 'qitech-installment-webhooks/signature'
 * declare const event: { body: string; isBase64Encoded: boolean }
 * const body: RawBody = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body
 */
export type RawBody = string | Uint8Array | ArrayBuffer

/** A delivery as the HTTP framework hands it over (see `verifyInstallmentWebhookSignature`'s example). */
export interface InstallmentWebhookRequest {
  /**
   * The request headers: Node's `req.headers`, a Web `Headers`, or any object with header names in any letter case
   * and string or string-array values.
   */
  readonly headers:
    | {
        /** A header's value by name, as Web `Headers` gives it. */
        get(name: string): string | null
      }
    | Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  /** The raw body exactly as received, never a parsed object: the signature covers these bytes. */
  readonly body: RawBody
  /** The HTTP method, compared case-insensitively with the signed one. */
  readonly method: string
  /** The path QI Tech called, compared exactly with the signed one (no trailing-slash or query normalisation). */
  readonly path: string
}

/** The request, read once: later steps never touch the caller's objects again. */
export interface ReadRequest {
  /** The `AUTHORIZATION` header; several values are joined with `, `, as Node and Web `Headers` join them. */
  readonly authorization: string | undefined
  /** The `API-CLIENT-KEY` header, joined the same way. */
  readonly apiClientKey: string | undefined
  readonly body: unknown
  /** A private copy of the body's bytes (a string taken as UTF-8), or `undefined` when the body is not raw. */
  readonly bytes: Uint8Array | undefined
  readonly method: string
  readonly path: string
}

/**
 * Every string value of header `name` (lower case) in any letter case, trimmed, joined with `, `; `undefined` when
 * there is none but empty ones. Values that are not strings are not header values and are skipped.
 */
export const readHeader = (headers: object, name: string): string | undefined => {
  const get = (headers as { get?: unknown }).get
  const values: unknown[] =
    typeof get === 'function'
      ? [get.call(headers, name)]
      : Object.keys(headers)
          .filter((key) => key.toLowerCase() === name)
          .flatMap((key) => (headers as Record<string, unknown>)[key])
  const present = values.filter((value): value is string => typeof value === 'string').map((value) => value.trim())
  const joined = present.filter((value) => value !== '').join(', ')
  return joined === '' ? undefined : joined
}

/** A private copy of the raw body's bytes: the bytes that were hashed are the bytes that get decoded. */
export const copyRawBody = (body: unknown): Uint8Array | undefined =>
  typeof body === 'string' ? new TextEncoder().encode(body) : bytesOf(body)?.slice()

/** UTF-8 text that keeps a leading byte order mark, so the text is exactly what the bytes hold. Throws on bad UTF-8. */
export const utf8KeepingBom = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Reads the request once, synchronously, or says which of its parts is not what a framework hands over: a caller
 * that changes its buffer after handing it over cannot change what is verified and decoded. Never throws.
 */
export const readRequest = (request: unknown): Result<ReadRequest> => {
  if (typeof request !== 'object' || request === null) {
    return fail('INVALID_OPTIONS', 'request must be an object with headers, body, method and path')
  }
  try {
    const { headers, body, method, path } = request as Record<string, unknown>
    if (typeof headers !== 'object' || headers === null) {
      return fail('INVALID_OPTIONS', 'request.headers must be the request headers object')
    }
    if (typeof method !== 'string') return fail('INVALID_OPTIONS', 'request.method must be the HTTP method string')
    if (typeof path !== 'string') return fail('INVALID_OPTIONS', 'request.path must be the path QI Tech called, as a string')
    return ok({
      authorization: readHeader(headers, 'authorization'),
      apiClientKey: readHeader(headers, 'api-client-key'),
      body,
      bytes: copyRawBody(body),
      method,
      path,
    })
  } catch {
    // Only a getter or Proxy trap that throws gets here.
    return fail('INVALID_OPTIONS', 'the request threw while being read')
  }
}
