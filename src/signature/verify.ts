import type { Either } from 'fp-ts/Either'
import { type Failure, type InstallmentWebhookSignatureError, type Result, fail, ok, toEither } from './errors'
import { type JwsRole, verifyJws } from './jws'
import { type ResolvedOptions, type VerifyInstallmentWebhookSignatureOptions, readClock, resolveOptions } from './options'
import { md5Hex } from './crypto'
import { type InstallmentWebhookRequest, type ReadRequest, readRequest, utf8KeepingBom } from './request'
import { parseHttpDate, parseIsoTimestamp } from './timestamps'
import {
  type LegacySignedRequest,
  LEGACY_SCHEME,
  parseLegacyAuthorization,
  parseSignatureLines,
  readEncodedBody,
} from './legacy'

/** The claims QI Tech signs in a v2 delivery's `AUTHORIZATION` JWT: the body's MD5, when, and which request. */
interface V2Claims {
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

/** The claims of a legacy (v1) delivery's `AUTHORIZATION` JWT. */
interface V1Claims {
  /** The integration's `API-CLIENT-KEY`. */
  readonly sub: string
  /** The signed request: method, MD5 of `encoded_body`, content type, date and path, joined by `\n`. */
  readonly signature: string
  /** Claims QI Tech may add later are kept. */
  readonly [claim: string]: unknown
}

/**
 * What verification established about a delivery: `scheme` tells QI Tech's two signing schemes apart, and `claims`
 * are the signed claims exactly as QI Tech signed them. Narrow on `scheme` to read them.
 * @example
 * import type { InstallmentWebhookVerification } from 'qitech-installment-webhooks/signature'
 * const signedAt = (verified: InstallmentWebhookVerification): string =>
 *   verified.scheme === 'v2' ? verified.claims.timestamp : verified.signedRequest.date
 */
export type InstallmentWebhookVerification =
  | {
      /** QI Tech's current signing scheme: a bare JWT in `AUTHORIZATION` signs the body's MD5. */
      readonly scheme: 'v2'
      /** The JWT's claims exactly as QI Tech signed them. */
      readonly claims: V2Claims
      /** The `API-CLIENT-KEY` header (the integration's id), when the request had one. v2 does not sign it. */
      readonly apiClientKey: string | undefined
    }
  | {
      /** QI Tech's legacy signing scheme, accepted only with `legacy: true`; the body wraps the webhook in a JWS. */
      readonly scheme: 'v1'
      /** The `AUTHORIZATION` JWT's claims exactly as QI Tech signed them. */
      readonly claims: V1Claims
      /** The five lines of `claims.signature`. */
      readonly signedRequest: LegacySignedRequest
      /** The `API-CLIENT-KEY` header, which equals the signed `sub` and the key in `AUTHORIZATION`. */
      readonly apiClientKey: string
      /** The verified claims of the `encoded_body` JWS: the webhook's JSON, not yet decoded. */
      readonly payload: Readonly<Record<string, unknown>>
    }

/**
 * What a delivery that passed every check hands on: what was verified, and the body to decode. For v2 that is the
 * bytes that were hashed (the private copy of the caller's bytes, or a string's UTF-8 decoded back to text); for v1 the
 * verified claims object of `encoded_body`.
 */
interface VerifiedDelivery {
  readonly verification: InstallmentWebhookVerification
  readonly body: string | Uint8Array | Readonly<Record<string, unknown>>
}

/** The resolved options with the clock read for this delivery. */
type Context = ResolvedOptions & { readonly nowMs: number }

const AUTHORIZATION_TOKEN: JwsRole = { name: 'the AUTHORIZATION token', malformed: 'MALFORMED_SIGNATURE' }
const ENCODED_BODY: JwsRole = { name: 'the encoded_body JWS', malformed: 'ENCODED_BODY_INVALID' }
const BEARER_PREFIX = /^bearer\s+/i
const V2_CLAIMS = ['payload_md5', 'timestamp', 'method', 'uri']
const V1_CLAIMS = ['sub', 'signature']

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
const checkFreshness = (signedMs: number | undefined, expected: string, { nowMs, toleranceMs }: Context): Failure | undefined => {
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
const verifyV2 = async (token: string, read: ReadRequest, bytes: Uint8Array, options: Context): Promise<Result<VerifiedDelivery>> => {
  const verified = await verifyJws(token, options.keys, AUTHORIZATION_TOKEN)
  if (!verified.ok) return verified
  const claims = requireStrings<V2Claims>(verified.value, V2_CLAIMS)
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
      // A string is decoded from the bytes that were hashed: a lone surrogate was hashed as U+FFFD, and decodes so.
      body: typeof read.body === 'string' ? utf8KeepingBom.decode(bytes) : bytes,
    })
  )
}

/**
 * A legacy (v1) delivery: a `QIT <key>:<JWT>` header whose JWT signs the key and five request lines, one of them
 * the MD5 of the `encoded_body` string, which is itself a JWS of the webhook. `apiClientKey` is the header, present.
 */
const verifyV1 = async (
  authorization: string,
  apiClientKey: string,
  read: ReadRequest,
  bytes: Uint8Array,
  options: Context,
): Promise<Result<VerifiedDelivery>> => {
  const header = parseLegacyAuthorization(authorization)
  if (header === undefined) return fail('MALFORMED_SIGNATURE', 'the AUTHORIZATION header is not "QIT <API-CLIENT-KEY>:<JWT>"')
  if (header.apiClientKey !== apiClientKey) {
    return fail('API_CLIENT_KEY_MISMATCH', 'the key in the AUTHORIZATION header differs from the API-CLIENT-KEY header')
  }
  const verified = await verifyJws(header.token, options.keys, AUTHORIZATION_TOKEN)
  if (!verified.ok) return verified
  const claims = requireStrings<V1Claims>(verified.value, V1_CLAIMS)
  if (!claims.ok) return claims
  if (claims.value.sub !== apiClientKey) return fail('API_CLIENT_KEY_MISMATCH', 'the signed sub differs from the API-CLIENT-KEY header')
  const signed = parseSignatureLines(claims.value.signature)
  if (signed === undefined) {
    return fail('MALFORMED_SIGNATURE', 'the signed "signature" claim is not five lines: method, MD5 of encoded_body, content type, date, path')
  }
  const body = readEncodedBody(bytes)
  if (!body.ok) return body
  const encodedBody = body.value
  if (signed.bodyMd5.toLowerCase() !== md5Hex(encodedBody)) {
    return fail('BODY_HASH_MISMATCH', "the encoded_body's MD5 differs from the signed one: the body was changed on the way")
  }
  const mismatch =
    checkRequestLine(signed.method, signed.path, read) ??
    checkFreshness(parseHttpDate(signed.date), 'an RFC 1123 date in GMT with its weekday, e.g. "Fri, 27 Nov 2026 12:00:00 GMT"', options)
  if (mismatch !== undefined) return mismatch
  const payload = await verifyJws(encodedBody, options.keys, ENCODED_BODY)
  if (!payload.ok) return payload
  const verification = { scheme: 'v1', claims: claims.value, signedRequest: signed, apiClientKey, payload: payload.value } as const
  return ok({ verification, body: payload.value })
}

const verify = async (read: Result<ReadRequest>, options: ResolvedOptions): Promise<Result<VerifiedDelivery>> => {
  let nowMs: Result<number>
  try {
    nowMs = readClock(options.now)
  } catch {
    return fail('INVALID_OPTIONS', 'the clock threw')
  }
  if (!nowMs.ok) return nowMs
  if (!read.ok) return read
  const context: Context = { ...options, nowMs: nowMs.value }
  const { authorization, body, bytes } = read.value
  if (authorization === undefined) {
    return fail('MISSING_SIGNATURE', 'the request has no AUTHORIZATION header; QI Tech signs every delivery there (check that no proxy strips it)')
  }
  if (authorization.includes(',')) {
    return fail('MALFORMED_SIGNATURE', 'the AUTHORIZATION header holds several values (repeated, or joined by a comma); QI Tech sends one')
  }
  const legacy = LEGACY_SCHEME.test(authorization)
  if (legacy && !options.legacy) {
    const fix = 'pass legacy: true to accept it, if QI Tech still sends this integration legacy deliveries'
    return fail('LEGACY_NOT_ENABLED', `the delivery is signed with QI Tech's legacy (v1) scheme ("QIT <key>:<JWT>"); ${fix}`)
  }
  if (bytes === undefined) {
    const why = 'the signature covers the exact bytes QI Tech sent'
    return fail('RAW_BODY_REQUIRED', `${describeBody(body)}, not the raw body: ${why}; ${RAW_BODY_FIX}`)
  }
  const { apiClientKey } = read.value
  const keyCheck = checkApiClientKey(apiClientKey, options.apiClientKeys, legacy)
  if (keyCheck !== undefined) return keyCheck
  return legacy
    ? verifyV1(authorization, apiClientKey as string, read.value, bytes, context)
    : verifyV2(authorization.replace(BEARER_PREFIX, ''), read.value, bytes, context)
}

/** Verifies a request read by `readRequest` with options resolved once, and returns what was verified; never rejects. */
export const verifyDelivery = async (read: Result<ReadRequest>, options: ResolvedOptions): Promise<Result<VerifiedDelivery>> => {
  try {
    return await verify(read, options)
  } catch {
    // Fails closed: nothing in `verify` is expected to throw, but a delivery that makes it throw is not accepted.
    return fail('BAD_SIGNATURE', 'the delivery could not be verified')
  }
}

/**
 * Verifies one delivery with options checked on this call: for one-off checks (a script, a captured delivery). A
 * server builds a receiver once with `createInstallmentWebhookReceiver` instead, which checks the options at
 * start-up and verifies the same way. The `AUTHORIZATION` JWT must be signed with ES512 by one of `publicKeys`, its
 * `payload_md5` must be the MD5 of the raw body, its `method` and `uri` must match the request, and its `timestamp`
 * must be within `toleranceSeconds` of now; with `legacy: true` QI Tech's legacy (v1) deliveries are accepted too.
 * Never throws or rejects: it resolves to what was verified (`scheme`, and the signed `claims`) or an
 * {@link InstallmentWebhookSignatureError}, and bad options come back as `INVALID_OPTIONS`.
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
  const read = readRequest(request)
  const resolved = await resolveOptions(options)
  if (!resolved.ok) return toEither(resolved)
  const verified = await verifyDelivery(read, resolved.value)
  return toEither(verified.ok ? ok(verified.value.verification) : verified)
}
