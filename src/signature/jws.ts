import { CompactSign, base64url } from 'jose'
import { isRecord } from '../combinators'
import { type InstallmentWebhookSignatureErrorCode, type Result, fail, ok } from './errors'
import { verifyEs512 } from './crypto'

/** The only algorithm QI Tech signs with: ECDSA over P-521 with SHA-512. */
const ALGORITHM = 'ES512'
/** An ES512 signature is r||s, 66 bytes each: 132 bytes, which base64url writes in exactly 176 characters. */
const SIGNATURE_LENGTH = 176

// Three base64url segments; the signature may be empty here so that `alg: none` is reported as an algorithm.
const COMPACT_JWS = /^([\w-]+)\.([\w-]+)\.([\w-]*)$/
const PRINTABLE_ALGORITHM = /^[\w-]{1,20}$/

/** Which JWS is checked, for messages, and the code its malformed shape gets. */
export interface JwsRole {
  readonly name: string
  readonly malformed: Extract<InstallmentWebhookSignatureErrorCode, 'MALFORMED_SIGNATURE' | 'ENCODED_BODY_INVALID'>
}

const utf8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true })
const utf8Encoder = /* @__PURE__ */ new TextEncoder()

/** The bytes of a base64url segment, or `undefined` when it is not base64url. */
const decodeSegment = (segment: string): Uint8Array | undefined => {
  try {
    return base64url.decode(segment)
  } catch {
    return undefined
  }
}

/** The JSON object that `bytes` hold as UTF-8 text, or `undefined` for anything else. */
export const parseJsonObject = (bytes: Uint8Array): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes))
    return isRecord(value) ? value : undefined
  } catch {
    return undefined
  }
}

/** A token whose shape and header passed: what Web Crypto verifies, and the claims' bytes. */
// TextEncoder and jose write into fresh ArrayBuffers, never shared ones, as Web Crypto's BufferSource requires.
interface CheckedJws {
  readonly signingInput: Uint8Array<ArrayBuffer>
  readonly signature: Uint8Array<ArrayBuffer>
  readonly payload: Uint8Array
}

/**
 * Checks the token's shape and algorithm before any key is used, so each failure gets its own code: three base64url
 * segments, an `ES512` header without `crit` or `b64` (the extensions that would change what is signed), and a
 * 132-byte signature. What is left for Web Crypto is the one check that needs a key.
 */
const checkShape = (token: string, { name, malformed }: JwsRole): Result<CheckedJws> => {
  const segments = COMPACT_JWS.exec(token)
  if (segments === null) return fail(malformed, `${name} is not a compact JWS: three base64url segments joined by dots`)
  const headerBytes = decodeSegment(segments[1])
  const header = headerBytes === undefined ? undefined : parseJsonObject(headerBytes)
  if (header === undefined) return fail(malformed, `${name} header is not UTF-8 JSON text of an object`)
  if (typeof header.alg !== 'string') return fail(malformed, `${name} header has no "alg"`)
  if (header.alg !== ALGORITHM) {
    // The algorithm name is the only token text a message repeats, and only when it is short and plain.
    const shown = PRINTABLE_ALGORITHM.test(header.alg) ? `"${header.alg}"` : 'another algorithm'
    return fail('ALGORITHM_NOT_ALLOWED', `${name} is signed with ${shown}; only ES512 is accepted`)
  }
  if (header.crit !== undefined || header.b64 !== undefined) {
    return fail(malformed, `${name} header has "crit" or "b64", which QI Tech does not send`)
  }
  const signature = segments[3].length === SIGNATURE_LENGTH ? decodeSegment(segments[3]) : undefined
  if (signature === undefined) {
    const expected = 'ES512 signatures are 132 bytes (r||s), never DER-encoded or truncated'
    return fail(malformed, `${name} signature is ${segments[3].length} base64url characters, not 176: ${expected}`)
  }
  const payload = decodeSegment(segments[2])
  if (payload === undefined) return fail(malformed, `${name} claims are not base64url`)
  const signingInput = utf8Encoder.encode(`${segments[1]}.${segments[2]}`) as Uint8Array<ArrayBuffer>
  return ok({ signingInput, signature: signature as Uint8Array<ArrayBuffer>, payload })
}

/**
 * Verifies an ES512 compact JWS with each key in turn (the algorithm pinned, keys only from the options) and returns
 * its claims, which must be a JSON object.
 */
export const verifyJws = async (
  token: string,
  keys: ReadonlyArray<CryptoKey>,
  role: JwsRole,
): Promise<Result<Record<string, unknown>>> => {
  const checked = checkShape(token, role)
  if (!checked.ok) return checked
  const { signingInput, signature, payload } = checked.value
  for (const key of keys) {
    if (!(await verifyEs512(key, signature, signingInput))) continue
    const claims = parseJsonObject(payload)
    return claims === undefined ? fail(role.malformed, `the claims of ${role.name} are not UTF-8 JSON text of an object`) : ok(claims)
  }
  const matched = keys.length === 1 ? 'does not match the public key given' : `matches none of the ${keys.length} public keys given`
  return fail('BAD_SIGNATURE', `the signature of ${role.name} ${matched}; it was not signed by QI Tech, or the key is wrong`)
}

/** Signs `claims` as an ES512 compact JWS with the header QI Tech uses, `{"alg":"ES512","typ":"JWT"}`. */
export const signJws = (claims: object, privateKey: CryptoKey): Promise<string> =>
  new CompactSign(utf8Encoder.encode(JSON.stringify(claims))).setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' }).sign(privateKey)
