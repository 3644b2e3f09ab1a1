import type { RawBody } from 'qitech-installment-webhooks/signature'
import { signJws } from '../signature/jws'
import { type NodeKeyObject, type WebCryptoKey, toP521Key } from '../signature/keys'
import { signLegacyMessage } from '../signature/legacy'
import { md5Hex } from '../signature/crypto'
import { copyRawBody } from '../signature/request'
import { formatHttpDate } from '../signature/timestamps'

/** What to sign: the delivery as a test will send it. */
export interface SignTestWebhookOptions {
  /** The exact body the test will send: the signature covers these bytes. */
  readonly body: RawBody
  /** The P-521 private key: PKCS #8 PEM, a `CryptoKey` or a Node `KeyObject` (see `generateTestKeyPair`). */
  readonly privateKey: string | WebCryptoKey | NodeKeyObject
  /** The path the test will POST to, signed as the `uri` claim, e.g. `/webhooks/qitech`. */
  readonly path: string
  /** The HTTP method; defaults to `POST`, the only one QI Tech uses. */
  readonly method?: string
  /**
   * When the delivery was signed: a `Date` (written as QI Tech does, with microseconds and `Z`), or a string used
   * as is. Defaults to now.
   */
  readonly timestamp?: Date | string
  /** The integration's key, sent as the `API-CLIENT-KEY` header; omitted when not given. */
  readonly apiClientKey?: string
}

// A type alias rather than an interface, so it can be passed where a header record is expected.
type TestWebhookHeaders = {
  /** The ES512 JWT: bare, or in `QIT <API-CLIENT-KEY>:<JWT>` for a legacy (v1) delivery. */
  readonly AUTHORIZATION: string
  /** The integration's key, when `apiClientKey` was given. */
  readonly 'API-CLIENT-KEY'?: string
  /** `application/json`, so body parsers that filter on it see the body. */
  readonly 'CONTENT-TYPE': 'application/json'
}

const privateKeyOf = async (privateKey: unknown, caller: string): Promise<CryptoKey> => {
  const key = await toP521Key(privateKey, 'private', 'privateKey')
  if (!key.ok) throw new TypeError(`${caller}: ${key.detail}`)
  return key.value
}

/**
 * Signs a test delivery the way QI Tech does (an ES512 JWT whose claims are the body's MD5, the timestamp, the
 * method and the path) and returns the headers to send with the body, for testing your own webhook handler end to
 * end. Throws a `TypeError` for a body that is not a string or bytes, or a key that is not a P-521 private key.
 * @example
 * import { buildStatusChangeWebhook, generateTestKeyPair, signTestWebhook } from 'qitech-installment-webhooks/testing'
 * const body = JSON.stringify(buildStatusChangeWebhook('paid'))
 * void generateTestKeyPair()
 *   .then((keys) => signTestWebhook({ body, privateKey: keys.privateKey, path: '/webhooks/qitech' }))
 *   .then((headers) => fetch('http://127.0.0.1:3000/webhooks/qitech', { method: 'POST', headers: { ...headers }, body }))
 */
export const signTestWebhook = async (options: SignTestWebhookOptions): Promise<TestWebhookHeaders> => {
  const { body, privateKey, path, method = 'POST', timestamp = new Date(), apiClientKey } = options
  const bytes = copyRawBody(body)
  if (bytes === undefined) throw new TypeError('signTestWebhook: body must be the exact string or bytes the test sends')
  const claims = {
    payload_md5: md5Hex(bytes),
    // QI Tech writes microseconds: `2023-06-30T18:52:27.885000Z`.
    timestamp: typeof timestamp === 'string' ? timestamp : timestamp.toISOString().replace(/Z$/, '000Z'),
    method,
    uri: path,
  }
  return {
    AUTHORIZATION: await signJws(claims, await privateKeyOf(privateKey, 'signTestWebhook')),
    ...(apiClientKey === undefined ? {} : { 'API-CLIENT-KEY': apiClientKey }),
    'CONTENT-TYPE': 'application/json',
  }
}

// JSON.stringify throws a TypeError for a BigInt or a cycle, a RangeError for deep nesting, and skips a function.
const isWritableObject = (value: unknown): value is object => {
  if (typeof value !== 'object' || value === null) return false
  try {
    return typeof JSON.stringify(value) === 'string'
  } catch {
    return false
  }
}

/** What to sign as a legacy (v1) delivery: the webhook and the request that carries it. */
interface SignLegacyTestWebhookOptions {
  /** The webhook to wrap, e.g. from `buildStatusChangeWebhook`: it becomes the claims of `encoded_body`. */
  readonly webhook: object
  /** The P-521 private key: PKCS #8 PEM, a `CryptoKey` or a Node `KeyObject` (see `generateTestKeyPair`); it signs both JWTs. */
  readonly privateKey: string | WebCryptoKey | NodeKeyObject
  /** The integration's key: the `sub` claim, the key in `AUTHORIZATION` and the `API-CLIENT-KEY` header. */
  readonly apiClientKey: string
  /** The path the test will POST to, signed as the last line, e.g. `/webhooks/qitech`. */
  readonly path: string
  /** The HTTP method; defaults to `POST`. */
  readonly method?: string
  /** The content-type line; defaults to `application/json`. QI Tech's own clients often sign it empty. */
  readonly contentType?: string
  /** When the delivery was signed: a `Date` (written in RFC 1123 form in GMT), or a string used as is. Defaults to now. */
  readonly date?: Date | string
}

/**
 * Signs a test delivery the way QI Tech's legacy (v1) scheme does, for testing a handler that accepts them
 * (`legacy: true`): the webhook becomes an ES512 JWS in `{"encoded_body": ...}`, and `AUTHORIZATION` carries
 * `QIT <apiClientKey>:<JWT>` whose claims sign the method, the MD5 of `encoded_body`, the content type, the date and
 * the path. Resolves to the headers and the body to send. Rejects with a `TypeError`, whatever the input, for a
 * webhook that `JSON.stringify` cannot write (a `BigInt`, a cycle, nesting too deep), a line that is not a string or
 * a key that is not a P-521 private key.
 * @example
 * import { buildStatusChangeWebhook, generateTestKeyPair, signLegacyTestWebhook } from 'qitech-installment-webhooks/testing'
 * void generateTestKeyPair()
 *   .then((keys) =>
 *     signLegacyTestWebhook({
 *       webhook: buildStatusChangeWebhook('paid'),
 *       privateKey: keys.privateKey,
 *       apiClientKey: '20d6a816-9d21-4e29-bbe5-2ffb3baacfe9',
 *       path: '/webhooks/qitech',
 *     }),
 *   )
 *   .then(({ headers, body }) => fetch('http://127.0.0.1:3000/webhooks/qitech', { method: 'POST', headers, body }))
 */
export const signLegacyTestWebhook = async (
  options: SignLegacyTestWebhookOptions,
): Promise<{
  /** The headers to send, as QI Tech's legacy scheme sets them. */
  readonly headers: TestWebhookHeaders & {
    /** The integration's `API-CLIENT-KEY`, signed as the token's `sub`. */
    readonly 'API-CLIENT-KEY': string
  }
  /** The body to send: `{"encoded_body": "<JWS of the webhook>"}`. */
  readonly body: string
}> => {
  const { webhook, privateKey, apiClientKey, path, method = 'POST', contentType = 'application/json', date = new Date() } = options
  if (!isWritableObject(webhook)) throw new TypeError('signLegacyTestWebhook: webhook must be an object that JSON.stringify can write')
  if (![apiClientKey, path, method, contentType].every((line) => typeof line === 'string')) {
    throw new TypeError('signLegacyTestWebhook: apiClientKey, path, method and contentType must be strings')
  }
  const { authorization, body } = await signLegacyMessage({
    json: webhook,
    privateKey: await privateKeyOf(privateKey, 'signLegacyTestWebhook'),
    apiClientKey,
    method,
    contentType,
    date: typeof date === 'string' ? date : formatHttpDate(date),
    path,
  })
  return { headers: { AUTHORIZATION: authorization, 'API-CLIENT-KEY': apiClientKey, 'CONTENT-TYPE': 'application/json' }, body }
}
