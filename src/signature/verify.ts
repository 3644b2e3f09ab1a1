import type { Either } from 'fp-ts/Either'
import { type RawBody, copyRawBody, md5Hex } from './body'
import { type InstallmentWebhookSignatureClaims, parseClaims } from './claims'
import { InstallmentWebhookSignatureError, type InstallmentWebhookSignatureErrorCode } from './errors'
import { type AuthorizationHeader, type InstallmentWebhookHeaders, readAuthorization } from './headers'
import { type ResolvedOptions, type VerifyInstallmentWebhookSignatureOptions, resolveOptions } from './options'
import { parseSignatureTimestamp } from './timestamp'
import { verifyToken } from './token'

/** A delivery as the HTTP framework hands it over. */
export interface InstallmentWebhookRequest {
  /** The request headers: Node's `req.headers`, a Web `Headers`, or any object with header names in any case. */
  readonly headers: InstallmentWebhookHeaders
  /** The raw body exactly as received, never a parsed object: the signature covers these bytes. */
  readonly body: RawBody
  /** The HTTP method, compared case-insensitively with the signed one. */
  readonly method: string
  /** The path QI Tech called, compared exactly with the signed `uri` (no trailing-slash or query normalisation). */
  readonly path: string
}

/** The verified claims and the bytes they were verified against; `receive.ts` decodes exactly those bytes. */
export interface VerifiedDelivery {
  readonly claims: InstallmentWebhookSignatureClaims
  readonly body: unknown
  readonly bytes: Uint8Array
}

type Result<A> = Either<InstallmentWebhookSignatureError, A>

// fp-ts's Either is a plain tagged object; building it here avoids runtime imports from fp-ts (see decode.ts).
const fail = (code: InstallmentWebhookSignatureErrorCode, detail: string): Result<never> => ({
  _tag: 'Left',
  left: new InstallmentWebhookSignatureError(code, detail),
})

const RAW_BODY_FIX =
  'pass the raw body (Express: express.raw(); Fastify: a content-type parser with parseAs "buffer"; ' +
  'Next.js: await request.arrayBuffer(); Lambda: decode a base64 body); see "Verifying signatures" in the README'

const describeBody = (body: unknown): string => {
  if (body === undefined || body === null) return `request.body is ${String(body)}`
  if (typeof body !== 'object') return `request.body is a ${typeof body}`
  return `request.body is a parsed ${Array.isArray(body) ? 'array' : 'object'}`
}

interface ReadRequest {
  readonly authorization: AuthorizationHeader
  readonly body: unknown
  readonly bytes: Uint8Array | undefined
  readonly method: string
  readonly path: string
}

/** Reads the request once: the `AUTHORIZATION` header, a copy of the body bytes, method and path. */
const readRequest = (request: unknown): Result<ReadRequest> => {
  if (typeof request !== 'object' || request === null) {
    return fail('INVALID_OPTIONS', 'request must be an object with headers, body, method and path')
  }
  const { headers, body, method, path } = request as Record<string, unknown>
  if (typeof headers !== 'object' || headers === null) {
    return fail('INVALID_OPTIONS', 'request.headers must be the request headers object')
  }
  if (typeof method !== 'string') return fail('INVALID_OPTIONS', 'request.method must be the HTTP method string')
  if (typeof path !== 'string') {
    return fail('INVALID_OPTIONS', 'request.path must be the path QI Tech called, as a string')
  }
  const authorization = readAuthorization(headers)
  return { _tag: 'Right', right: { authorization, body, bytes: copyRawBody(body), method, path } }
}

const checkTimestamp = (timestamp: string, { nowMs, toleranceMs }: ResolvedOptions): Result<never> | undefined => {
  const signedMs = parseSignatureTimestamp(timestamp)
  if (signedMs === undefined) {
    const expected = 'an ISO-8601 date and time with a zone (Z or an offset)'
    return fail('INVALID_TIMESTAMP', `the signed timestamp is not ${expected}`)
  }
  const seconds = Math.round(Math.abs(nowMs - signedMs) / 1000)
  const tolerance = `the ${toleranceMs / 1000} s tolerance`
  if (nowMs - signedMs > toleranceMs) {
    const detail = `the delivery was signed ${seconds} s ago, more than ${tolerance}; a replay, or a wrong clock`
    return fail('STALE_TIMESTAMP', detail)
  }
  if (signedMs - nowMs > toleranceMs) {
    const detail = `the delivery is signed ${seconds} s in the future, more than ${tolerance}; check the server clock`
    return fail('FUTURE_TIMESTAMP', detail)
  }
  return undefined
}

const verify = async (request: unknown, options: unknown): Promise<Result<VerifiedDelivery>> => {
  let resolved: ResolvedOptions | string
  let read: ReturnType<typeof readRequest>
  try {
    resolved = resolveOptions(options)
    read = readRequest(request)
  } catch {
    // Only a getter, Proxy trap or clock that throws gets here.
    return fail('INVALID_OPTIONS', 'the options or the request threw while being read')
  }
  if (typeof resolved === 'string') return fail('INVALID_OPTIONS', resolved)
  if (read._tag === 'Left') return read
  const { authorization, body, bytes, method, path } = read.right
  if ('code' in authorization) return fail(authorization.code, authorization.detail)
  if (bytes === undefined) {
    const why = 'the signature covers the exact bytes QI Tech sent'
    return fail('RAW_BODY_REQUIRED', `${describeBody(body)}, not the raw body: ${why}; ${RAW_BODY_FIX}`)
  }

  const token = await verifyToken(authorization.token, resolved.keys)
  if ('code' in token) return fail(token.code, token.detail)
  const claims = parseClaims(token.payload)
  if (typeof claims === 'string') return fail('MALFORMED_SIGNATURE', claims)

  if (claims.payload_md5.toLowerCase() !== md5Hex(bytes)) {
    const why = 'the body was changed, re-serialized or decoded on the way'
    return fail('BODY_HASH_MISMATCH', `the body's MD5 differs from the signed payload_md5: ${why}; ${RAW_BODY_FIX}`)
  }
  if (claims.method.toUpperCase() !== method.toUpperCase()) {
    return fail('METHOD_MISMATCH', 'the request method differs from the signed method')
  }
  if (claims.uri !== path) {
    const fix = 'pass the path QI Tech called, with its query if it has one, unchanged'
    return fail('PATH_MISMATCH', `request.path differs from the signed uri; ${fix}`)
  }
  return checkTimestamp(claims.timestamp, resolved) ?? { _tag: 'Right', right: { claims, body, bytes } }
}

/** Verifies a delivery and returns what was verified; never rejects. Internal: `receive.ts` builds on it. */
export const verifyDelivery = async (request: unknown, options: unknown): Promise<Result<VerifiedDelivery>> => {
  try {
    return await verify(request, options)
  } catch {
    // Fails closed: nothing in `verify` is expected to throw, but a delivery that makes it throw is not accepted.
    return fail('BAD_SIGNATURE', 'the delivery could not be verified')
  }
}

/**
 * Verifies that a request is an authentic, fresh QI Tech delivery for this endpoint: the `AUTHORIZATION` JWT is
 * signed with ES512 by one of `publicKeys`, its `payload_md5` is the MD5 of the raw body, its `method` and `uri`
 * match the request, and its `timestamp` is within `toleranceSeconds` of now. Never throws or rejects: it resolves
 * to the verified claims or an {@link InstallmentWebhookSignatureError}, and bad options come back as
 * `INVALID_OPTIONS`.
 * @example
 * import { verifyInstallmentWebhookSignature } from 'qitech-installment-webhooks/signature'
 * declare const req: { headers: Record<string, string>; body: Buffer; method: string; originalUrl: string }
 * declare const QITECH_PUBLIC_KEY: string
 * void verifyInstallmentWebhookSignature(
 *   { headers: req.headers, body: req.body, method: req.method, path: req.originalUrl },
 *   { publicKeys: [QITECH_PUBLIC_KEY] },
 * ).then((result) => {
 *   if (result._tag === 'Left') console.log(result.left.code) // e.g. 'BODY_HASH_MISMATCH'
 *   else console.log(result.right.timestamp)
 * })
 */
export const verifyInstallmentWebhookSignature = async (
  request: InstallmentWebhookRequest,
  options: VerifyInstallmentWebhookSignatureOptions,
): Promise<Either<InstallmentWebhookSignatureError, InstallmentWebhookSignatureClaims>> => {
  const result = await verifyDelivery(request, options)
  return result._tag === 'Left' ? result : { _tag: 'Right', right: result.right.claims }
}
