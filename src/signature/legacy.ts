// The legacy (v1) signing scheme, as QI Tech's sample code (qi-tech/collections, qi-tech/node-authentication) reads
// and writes it: the body is {"encoded_body": "<ES512 JWS of the JSON>"}, and the header is
// `QIT <API-CLIENT-KEY>:<ES512 JWT>` whose claims are `sub` (the key) and `signature`, five lines joined by `\n`.
import { type Result, fail, ok } from './errors'
import { parseJsonObject, signJws } from './jws'
import { md5Hex } from './crypto'
import { utf8KeepingBom } from './request'

/** Tells a legacy `AUTHORIZATION` header from a v2 one, which is a bare JWT. */
export const LEGACY_SCHEME = /^QIT\s/i
const LEGACY_AUTHORIZATION = /^QIT\s+([^\s:]+):([^\s:]+)$/i

/** The five lines of a legacy delivery's `signature` claim. */
export interface LegacySignedRequest {
  /** The HTTP method, `POST`. */
  readonly method: string
  /** Hex MD5 of the `encoded_body` string. */
  readonly bodyMd5: string
  /** The content type; often empty, and never checked (QI Tech's own verifier ignores it). */
  readonly contentType: string
  /** When the message was signed: an RFC 1123 date in GMT, e.g. `Fri, 27 Nov 2026 12:00:00 GMT`. */
  readonly date: string
  /** The path of the endpoint, e.g. `/webhooks/qitech`. */
  readonly path: string
}

/** The key and the JWT of a `QIT <API-CLIENT-KEY>:<JWT>` header, or `undefined` when it is not of that form. */
export const parseLegacyAuthorization = (authorization: string): { apiClientKey: string; token: string } | undefined => {
  const m = LEGACY_AUTHORIZATION.exec(authorization)
  return m === null ? undefined : { apiClientKey: m[1], token: m[2] }
}

/** The lines of a `signature` claim, or `undefined` when there are not exactly five. */
export const parseSignatureLines = (signature: string): LegacySignedRequest | undefined => {
  const lines = signature.split('\n')
  if (lines.length !== 5) return undefined
  const [method, bodyMd5, contentType, date, path] = lines
  return { method, bodyMd5, contentType, date, path }
}

// Exactly one `encoded_body` field holding a string without escapes (a JWS has none), and only JSON's own
// whitespace around it: nothing outside the JWS is signed, so nothing else may travel in the body.
const EXACT_LEGACY_BODY = /^[\t\n\r ]*\{[\t\n\r ]*"encoded_body"[\t\n\r ]*:[\t\n\r ]*"([^"\\]*)"[\t\n\r ]*\}[\t\n\r ]*$/

/**
 * The `encoded_body` string of a legacy body that is exactly `{"encoded_body": "<JWS>"}`. A body that holds one next
 * to anything else (another field, a second `encoded_body`, a byte order mark) is `UNSIGNED_BODY_CONTENT`; any other
 * body is `ENCODED_BODY_INVALID`.
 */
export const readEncodedBody = (bytes: Uint8Array): Result<string> => {
  let text: string | undefined
  try {
    // A byte order mark stays in the text, so that it fails the pattern instead of being dropped unseen.
    text = utf8KeepingBom.decode(bytes)
  } catch {
    text = undefined
  }
  const exact = text === undefined ? null : EXACT_LEGACY_BODY.exec(text)
  if (exact !== null) return ok(exact[1])
  if (typeof parseJsonObject(bytes)?.encoded_body === 'string') {
    const unsigned = 'another field, a repeated encoded_body, an escape or a byte order mark, none of which is signed'
    return fail('UNSIGNED_BODY_CONTENT', `the body holds more than {"encoded_body": "<JWS>"}: ${unsigned}`)
  }
  return fail('ENCODED_BODY_INVALID', 'the body is not a JSON object with an encoded_body string, as a legacy (v1) delivery is')
}

/** A message to sign the legacy way: the JSON to wrap, who signs, and the lines of the request it travels in. */
interface LegacyMessage {
  readonly json: object
  readonly privateKey: CryptoKey
  readonly apiClientKey: string
  readonly method: string
  readonly contentType: string
  readonly date: string
  readonly path: string
}

/** Signs a message the legacy way: the `Authorization` header value and the body text to send with it. */
export const signLegacyMessage = async (message: LegacyMessage): Promise<{ authorization: string; body: string }> => {
  const encodedBody = await signJws(message.json, message.privateKey)
  const { method, contentType, date, path, apiClientKey } = message
  const signature = [method, md5Hex(encodedBody), contentType, date, path].join('\n')
  const token = await signJws({ sub: apiClientKey, signature }, message.privateKey)
  return { authorization: `QIT ${apiClientKey}:${token}`, body: JSON.stringify({ encoded_body: encodedBody }) }
}
