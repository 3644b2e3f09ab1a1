import { type KeyObject } from 'node:crypto'
import { compactVerify } from 'jose'

/** The only algorithm QI Tech signs deliveries with: ECDSA over P-521 with SHA-512. */
const SIGNATURE_ALGORITHM = 'ES512'
/** An ES512 signature is r||s, 66 bytes each. */
const ES512_SIGNATURE_BYTES = 132

/** The verified claims bytes, or why the token was rejected. */
export type TokenCheck =
  | { readonly payload: Uint8Array }
  | {
      readonly code: 'MALFORMED_SIGNATURE' | 'ALGORITHM_NOT_ALLOWED' | 'BAD_SIGNATURE'
      readonly detail: string
    }

const BASE64URL = /^[\w-]+$/
const PRINTABLE_ALGORITHM = /^[\w-]{1,20}$/

const malformed = (detail: string): TokenCheck => ({ code: 'MALFORMED_SIGNATURE', detail })

const parseHeader = (segment: string): Record<string, unknown> | undefined => {
  try {
    const header: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
    return typeof header === 'object' && header !== null && !Array.isArray(header)
      ? (header as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/**
 * Checks the token's shape and algorithm before any cryptography, so each failure gets its own code: jose then
 * only ever sees three base64url segments, an `ES512` header and a signature of the right length.
 */
const checkShape = (token: string): TokenCheck | undefined => {
  const segments = token.split('.')
  if (segments.length === 5) {
    return malformed('the AUTHORIZATION token is an encrypted JWT (5 segments); QI Tech sends a signed JWT (3)')
  }
  if (segments.length !== 3) {
    const count = `${segments.length} segment${segments.length === 1 ? '' : 's'}`
    return malformed(`the AUTHORIZATION token has ${count}; a signed JWT has 3`)
  }
  const [headerSegment, payloadSegment, signatureSegment] = segments
  if (!BASE64URL.test(headerSegment) || !BASE64URL.test(payloadSegment)) {
    return malformed('the AUTHORIZATION token has a header or claims segment that is not base64url')
  }
  const header = parseHeader(headerSegment)
  if (header === undefined) return malformed('the AUTHORIZATION token header is not a JSON object')
  if (typeof header.alg !== 'string') return malformed('the AUTHORIZATION token header has no "alg"')
  if (header.alg !== SIGNATURE_ALGORITHM) {
    // The algorithm name is the only token text a message repeats, and only when it is short and plain.
    const shown = PRINTABLE_ALGORITHM.test(header.alg) ? `"${header.alg}"` : 'another algorithm'
    return { code: 'ALGORITHM_NOT_ALLOWED', detail: `the token is signed with ${shown}; only ES512 is accepted` }
  }
  if (header.crit !== undefined || header.b64 !== undefined) {
    return malformed('the AUTHORIZATION token header has "crit" or "b64", which QI Tech does not send')
  }
  if (!BASE64URL.test(signatureSegment)) {
    return malformed('the AUTHORIZATION token signature is missing or not base64url')
  }
  const signatureBytes = Buffer.from(signatureSegment, 'base64url').byteLength
  if (signatureBytes !== ES512_SIGNATURE_BYTES) {
    const expected = `${ES512_SIGNATURE_BYTES} (r||s), not DER-encoded or truncated`
    return malformed(`the ES512 signature is ${signatureBytes} bytes; it must be ${expected}`)
  }
  return undefined
}

// jose's error codes, read from the error rather than matched by class, which another copy of jose would not share.
const SIGNATURE_VERIFICATION_FAILED = 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED'
const joseCodeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined

const fromJoseError = (error: unknown): TokenCheck => {
  switch (joseCodeOf(error)) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return { code: 'ALGORITHM_NOT_ALLOWED', detail: 'the token algorithm is not ES512' }
    case 'ERR_JWS_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return malformed('the AUTHORIZATION token is not a valid JWS')
    default:
      // Anything else fails closed.
      return { code: 'BAD_SIGNATURE', detail: 'the signature could not be verified' }
  }
}

/**
 * Verifies the token's signature with each key in turn (the algorithm pinned to ES512, keys only from the
 * options) and returns the signed claims bytes.
 */
export const verifyToken = async (token: string, keys: ReadonlyArray<KeyObject>): Promise<TokenCheck> => {
  const shape = checkShape(token)
  if (shape !== undefined) return shape
  for (const key of keys) {
    try {
      const { payload } = await compactVerify(token, key, { algorithms: [SIGNATURE_ALGORITHM] })
      return { payload }
    } catch (error) {
      if (joseCodeOf(error) !== SIGNATURE_VERIFICATION_FAILED) return fromJoseError(error)
    }
  }
  const matched =
    keys.length === 1 ? 'does not match the public key given' : `matches none of the ${keys.length} public keys given`
  const detail = `the signature ${matched}; the delivery was not signed by QI Tech, or the key is wrong`
  return { code: 'BAD_SIGNATURE', detail }
}
