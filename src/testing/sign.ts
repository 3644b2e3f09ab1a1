import { type KeyObject, createPrivateKey } from 'node:crypto'
import type { RawBody } from 'qitech-installment-webhooks/signature'
import { signJws } from '../signature/jws'
import { copyRawBody, md5Hex } from '../signature/request'

/** What to sign: the delivery as a test will send it. */
export interface SignTestWebhookOptions {
  /** The exact body the test will send: the signature covers these bytes. */
  readonly body: RawBody
  /** The private key, as PEM or a `KeyObject` (see `generateTestKeyPair`). */
  readonly privateKey: string | KeyObject
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

/**
 * The headers QI Tech sends with a delivery. (A type alias rather than an interface, so it can be passed where a
 * header record is expected.)
 */
export type TestWebhookHeaders = {
  /** The ES512 JWT, bare, as QI Tech sends it. */
  readonly AUTHORIZATION: string
  /** The integration's key, when `apiClientKey` was given. */
  readonly 'API-CLIENT-KEY'?: string
  /** `application/json`, so body parsers that filter on it see the body. */
  readonly 'CONTENT-TYPE': 'application/json'
}

/** `2023-06-30T18:52:27.885Z` becomes `2023-06-30T18:52:27.885000Z`, the shape of QI Tech's timestamps. */
const toQiTechTimestamp = (date: Date): string => date.toISOString().replace(/Z$/, '000Z')

/**
 * Signs a test delivery the way QI Tech does (an ES512 JWT whose claims are the body's MD5, the timestamp, the
 * method and the path) and returns the headers to send with the body, for testing your own webhook handler end to
 * end. Throws a `TypeError` for a body that is not a string or bytes.
 * @example
 * import { buildStatusChangeWebhook, generateTestKeyPair, signTestWebhook } from 'qitech-installment-webhooks/testing'
 * const keys = generateTestKeyPair()
 * const body = JSON.stringify(buildStatusChangeWebhook('paid'))
 * void signTestWebhook({ body, privateKey: keys.privateKey, path: '/webhooks/qitech' }).then((headers) =>
 *   fetch('http://127.0.0.1:3000/webhooks/qitech', { method: 'POST', headers: { ...headers }, body }),
 * )
 */
export const signTestWebhook = async (options: SignTestWebhookOptions): Promise<TestWebhookHeaders> => {
  const { body, privateKey, path, method = 'POST', timestamp = new Date(), apiClientKey } = options
  const bytes = copyRawBody(body)
  if (bytes === undefined) throw new TypeError('signTestWebhook: body must be the exact string or bytes the test sends')
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey
  const claims = {
    payload_md5: md5Hex(bytes),
    timestamp: typeof timestamp === 'string' ? timestamp : toQiTechTimestamp(timestamp),
    method,
    uri: path,
  }
  const token = await signJws(claims, key)
  return {
    AUTHORIZATION: token,
    ...(apiClientKey === undefined ? {} : { 'API-CLIENT-KEY': apiClientKey }),
    'CONTENT-TYPE': 'application/json',
  }
}
