import type { Either } from 'fp-ts/Either'
import { type Failure, type InstallmentWebhookSignatureError, type Result, fail, ok, toEither } from './errors'
import { type JwsRole, verifyJws } from './jws'
import { type ResolvedOptions, type VerifyInstallmentWebhookSignatureOptions, resolveOptions } from './options'
import { type InstallmentWebhookRequest, type ReadRequest, md5Hex, readRequest } from './request'
import { parseIsoTimestamp } from './timestamps'

/** The claims QI Tech signs: the body's MD5, when, and which request. */
export interface InstallmentWebhookSignatureClaims {
  /** Lowercase hex MD5 of the raw body. */
  readonly payload_md5: string
  /** When QI Tech signed the delivery, ISO-8601 with microseconds and `Z`, e.g. `2023-06-30T18:52:27.885731Z`. */
  readonly timestamp: string
  /** The HTTP method, `POST`. */
  readonly method: string
  /** The path QI Tech called, e.g. `/webhooks/qitech`. */
  readonly uri: string
  /** Claims QI Tech may add later are kept. */
  readonly [claim: string]: unknown
}

/** A v2 delivery that passed every check: its `AUTHORIZATION` JWT carried the signed claims. */
export interface InstallmentWebhookV2Verification {
  /** QI Tech's current signing scheme. */
  readonly scheme: 'v2'
  /** The JWT's claims exactly as QI Tech signed them. */
  readonly claims: InstallmentWebhookSignatureClaims
  /** The `API-CLIENT-KEY` header (the integration's id), when the request had one. v2 does not sign it. */
  readonly apiClientKey: string | undefined
}

/**
 * What verification established about a delivery. `scheme` tells the signing schemes apart; every scheme gives the
 * claims exactly as QI Tech signed them.
 */
export type InstallmentWebhookVerification = InstallmentWebhookV2Verification

/** What a delivery that passed every check hands on: what was verified, and the body to decode. */
export interface VerifiedDelivery {
  readonly verification: InstallmentWebhookVerification
  /** The body exactly as verified: the caller's string, or the private copy of its bytes that was hashed. */
  readonly body: string | Uint8Array
}

const AUTHORIZATION_TOKEN: JwsRole = { name: 'the AUTHORIZATION token', malformed: 'MALFORMED_SIGNATURE' }
const BEARER_PREFIX = /^bearer\s+/i
const V2_CLAIMS = ['payload_md5', 'timestamp', 'method', 'uri'] as const

const RAW_BODY_FIX =
  'pass the raw body (Express: express.raw(); Fastify: a content-type parser with parseAs "buffer"; ' +
  'Next.js: await request.arrayBuffer(); Lambda: decode a base64 body); see "Verifying signatures" in the README'

const describeBody = (body: unknown): string => {
  if (body === undefined || body === null) return `request.body is ${String(body)}`
  if (typeof body !== 'object') return `request.body is a ${typeof body}`
  return `request.body is a parsed ${Array.isArray(body) ? 'array' : 'object'}`
}

/** The claims, when each of `names` is a string in them; otherwise which one is not. */
const requireStrings = <C>(claims: Record<string, unknown>, names: ReadonlyArray<string>): Result<C> => {
  const missing = names.find((name) => typeof claims[name] !== 'string')
  if (missing === undefined) return ok(claims as C)
  const found = claims[missing] === undefined ? 'no' : 'a non-string'
  return fail('MALFORMED_SIGNATURE', `the signed claims have ${found} "${missing}"; QI Tech signs ${names.join(', ')} as strings`)
}

/** The signed method and path against the request's. */
const checkRequestLine = (method: string, path: string, read: ReadRequest): Failure | undefined => {
  if (method.toUpperCase() !== read.method.toUpperCase()) {
    return fail('METHOD_MISMATCH', 'the request method differs from the signed method')
  }
  if (path !== read.path) {
    const fix = 'pass the path QI Tech called, with its query if it has one, unchanged'
    return fail('PATH_MISMATCH', `request.path differs from the signed path; ${fix}`)
  }
  return undefined
}

/** The signing time against the clock, the same tolerance either way. */
const checkFreshness = (signedMs: number | undefined, expected: string, { nowMs, toleranceMs }: ResolvedOptions): Failure | undefined => {
  if (signedMs === undefined) return fail('INVALID_TIMESTAMP', `the signing time is not ${expected}`)
  const seconds = Math.round(Math.abs(nowMs - signedMs) / 1000)
  const tolerance = `the ${toleranceMs / 1000} s tolerance`
  if (nowMs - signedMs > toleranceMs) {
    return fail('STALE_TIMESTAMP', `the delivery was signed ${seconds} s ago, more than ${tolerance}; a replay, or a wrong clock`)
  }
  if (signedMs - nowMs > toleranceMs) {
    return fail('FUTURE_TIMESTAMP', `the delivery is signed ${seconds} s in the future, more than ${tolerance}; check the server clock`)
  }
  return undefined
}

/**
 * The `API-CLIENT-KEY` header against the accepted values. `required` says the scheme needs the header even when
 * no value is configured.
 */
const checkApiClientKey = (received: string | undefined, accepted: ReadonlyArray<string> | undefined, required: boolean): Failure | undefined => {
  if (received === undefined) {
    return accepted === undefined && !required
      ? undefined
      : fail('MISSING_API_CLIENT_KEY', 'the request has no API-CLIENT-KEY header; QI Tech sends the integration\'s key there')
  }
  if (accepted !== undefined && !accepted.includes(received)) {
    return fail('API_CLIENT_KEY_MISMATCH', 'the API-CLIENT-KEY header is not one of the apiClientKey values configured: the delivery is for another integration')
  }
  return undefined
}

/** A v2 delivery: a bare ES512 JWT whose claims bind the body's MD5, the method, the path and the time. */
const verifyV2 = async (token: string, read: ReadRequest, bytes: Uint8Array, options: ResolvedOptions): Promise<Result<VerifiedDelivery>> => {
  const verified = await verifyJws(token, options.keys, AUTHORIZATION_TOKEN)
  if (!verified.ok) return verified
  const claims = requireStrings<InstallmentWebhookSignatureClaims>(verified.value, V2_CLAIMS)
  if (!claims.ok) return claims
  const { payload_md5, method, uri, timestamp } = claims.value
  if (payload_md5.toLowerCase() !== md5Hex(bytes)) {
    const why = 'the body was changed, re-serialized or decoded on the way'
    return fail('BODY_HASH_MISMATCH', `the body's MD5 differs from the signed payload_md5: ${why}; ${RAW_BODY_FIX}`)
  }
  return (
    checkRequestLine(method, uri, read) ??
    checkFreshness(parseIsoTimestamp(timestamp), 'an ISO-8601 date and time with a zone (Z or an offset)', options) ??
    ok({
      verification: { scheme: 'v2', claims: claims.value, apiClientKey: read.apiClientKey },
      body: typeof read.body === 'string' ? read.body : bytes,
    })
  )
}

const verify = async (request: unknown, options: unknown): Promise<Result<VerifiedDelivery>> => {
  let resolved: Result<ResolvedOptions>
  let read: Result<ReadRequest>
  try {
    resolved = resolveOptions(options)
    read = readRequest(request)
  } catch {
    // Only a getter, Proxy trap or clock that throws gets here.
    return fail('INVALID_OPTIONS', 'the options or the request threw while being read')
  }
  if (!resolved.ok) return resolved
  if (!read.ok) return read
  const { authorization, body, bytes } = read.value
  if (authorization === undefined) {
    return fail('MISSING_SIGNATURE', 'the request has no AUTHORIZATION header; QI Tech signs every delivery there (check that no proxy strips it)')
  }
  if (authorization.includes(',')) {
    return fail('MALFORMED_SIGNATURE', 'the AUTHORIZATION header holds several values (repeated, or joined by a comma); QI Tech sends one')
  }
  if (bytes === undefined) {
    const why = 'the signature covers the exact bytes QI Tech sent'
    return fail('RAW_BODY_REQUIRED', `${describeBody(body)}, not the raw body: ${why}; ${RAW_BODY_FIX}`)
  }
  return (
    checkApiClientKey(read.value.apiClientKey, resolved.value.apiClientKeys, false) ??
    verifyV2(authorization.replace(BEARER_PREFIX, ''), read.value, bytes, resolved.value)
  )
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
 * to what was verified (the signed claims, under `claims`) or an {@link InstallmentWebhookSignatureError}, and bad
 * options come back as `INVALID_OPTIONS`.
 * @example
 * import { verifyInstallmentWebhookSignature } from 'qitech-installment-webhooks/signature'
 * declare const req: { headers: Record<string, string>; body: Buffer; method: string; originalUrl: string }
 * declare const QITECH_PUBLIC_KEY: string
 * void verifyInstallmentWebhookSignature(
 *   { headers: req.headers, body: req.body, method: req.method, path: req.originalUrl },
 *   { publicKeys: [QITECH_PUBLIC_KEY] },
 * ).then((result) => {
 *   if (result._tag === 'Left') console.log(result.left.code) // e.g. 'BODY_HASH_MISMATCH'
 *   else if (result.right.scheme === 'v2') console.log(result.right.claims.timestamp)
 * })
 */
export const verifyInstallmentWebhookSignature = async (
  request: InstallmentWebhookRequest,
  options: VerifyInstallmentWebhookSignatureOptions,
): Promise<Either<InstallmentWebhookSignatureError, InstallmentWebhookVerification>> => {
  const verified = await verifyDelivery(request, options)
  return toEither(verified.ok ? ok(verified.value.verification) : verified)
}
