import type { Either } from 'fp-ts/Either'
import { type InstallmentWebhookSignatureError, type Result, fail, ok, toEither } from './errors'
import { type NodeKeyObject, type WebCryptoKey, toP521Key } from './keys'
import { signLegacyMessage } from './legacy'
import { readClock } from './options'
import { formatHttpDate } from './timestamps'

/** What to sign an acknowledgement with, and for which endpoint. */
export interface SignInstallmentWebhookAcknowledgementOptions {
  /**
   * Your integration's EC P-521 private key (PKCS #8 PEM, `CryptoKey` with the `sign` usage or, on Node.js,
   * `KeyObject`): the one whose public key you registered with QI Tech. Never QI Tech's key.
   */
  readonly privateKey: string | WebCryptoKey | NodeKeyObject
  /** Your integration's `API-CLIENT-KEY`, the same one the delivery carried. */
  readonly apiClientKey: string
  /** The path of your endpoint that received the delivery, e.g. `/webhooks/qitech`. */
  readonly path: string
  /** The JSON answered, signed into `encoded_body`. Defaults to `{}`. */
  readonly body?: object
  /**
   * The method line of the signature. Defaults to `POST`, the method of the delivery answered: QI Tech describes the
   * answer as built like a request to that endpoint but names no method for it; confirm with QI Tech.
   */
  readonly method?: string
  /** The clock: returns the current time as a `Date` or milliseconds since the epoch. Defaults to `Date.now`. */
  readonly now?: () => Date | number
}

/** A signed acknowledgement: answer the delivery with exactly this status, these headers and this body. */
export interface InstallmentWebhookAcknowledgement {
  /** 200, the status QI Tech counts as received. */
  readonly status: 200
  /** `Authorization: QIT <API-CLIENT-KEY>:<JWT>` (the JWT signs the answer's five lines), your key, and JSON. */
  readonly headers: {
    /** The acknowledgement's signature, a JWT over the body. */
    readonly Authorization: string
    /** The integration's `API-CLIENT-KEY`, as QI Tech sent it. */
    readonly 'API-CLIENT-KEY': string
    /** The body is JSON. */
    readonly 'Content-Type': 'application/json'
  }
  /** `{"encoded_body":"<JWS of the answered JSON>"}`. */
  readonly body: string
}

// A value that goes into one line of the signature, or into `QIT <key>:<JWT>`, must not break either.
const isLine = (value: unknown): value is string => typeof value === 'string' && value !== '' && !/[\n\r]/.test(value)

const sign = async (options: unknown): Promise<Result<InstallmentWebhookAcknowledgement>> => {
  if (typeof options !== 'object' || options === null) return fail('INVALID_OPTIONS', 'options must be an object with privateKey, apiClientKey and path')
  const { privateKey, apiClientKey, path, body = {}, method = 'POST', now } = options as Record<string, unknown>
  const key = await toP521Key(privateKey, 'private', 'privateKey')
  if (!key.ok) return key
  if (!isLine(apiClientKey) || /[\s:]/.test(apiClientKey)) {
    return fail('INVALID_OPTIONS', "apiClientKey must be your integration's API-CLIENT-KEY, without spaces or colons")
  }
  if (!isLine(path)) return fail('INVALID_OPTIONS', 'path must be the path of the endpoint that received the delivery')
  if (!isLine(method)) return fail('INVALID_OPTIONS', 'method must be an HTTP method')
  if (typeof body !== 'object' || body === null || typeof JSON.stringify(body) !== 'string') {
    return fail('INVALID_OPTIONS', 'body must be an object that JSON.stringify can write')
  }
  const nowMs = readClock(now)
  if (!nowMs.ok) return nowMs
  const date = formatHttpDate(new Date(nowMs.value))
  const signed = await signLegacyMessage({ json: body, privateKey: key.value, apiClientKey, method, contentType: 'application/json', date, path })
  const headers = { Authorization: signed.authorization, 'API-CLIENT-KEY': apiClientKey, 'Content-Type': 'application/json' } as const
  return ok({ status: 200, headers, body: signed.body })
}

/**
 * Signs the answer to a delivery the way QI Tech's legacy (v1) scheme signs a request: status 200, a body of
 * `{"encoded_body": "<JWS of body>"}` and an `Authorization: QIT <API-CLIENT-KEY>:<JWT>` header whose lines name the
 * endpoint that received the delivery, all signed with your integration's own P-521 private key. Send it only where
 * QI Tech's configuration asks for a signed acknowledgement: QI Tech's LaaS pages describe one for legacy (v1)
 * deliveries, and no text found says whether v2 deliveries need one, so confirm with QI Tech. Never throws or
 * rejects: bad options come back as `INVALID_OPTIONS`.
 * @example
 * import { signInstallmentWebhookAcknowledgement } from 'qitech-installment-webhooks/signature'
 * declare const reply: { status(code: number): { set(headers: object): { send(body: string): void } } }
 * void signInstallmentWebhookAcknowledgement({
 *   privateKey: process.env.MY_QITECH_PRIVATE_KEY ?? '',
 *   apiClientKey: '20d6a816-9d21-4e29-bbe5-2ffb3baacfe9',
 *   path: '/webhooks/qitech',
 * }).then((ack) => {
 *   if (ack._tag === 'Left') reply.status(500).set({}).send(ack.left.code)
 *   else reply.status(ack.right.status).set(ack.right.headers).send(ack.right.body)
 * })
 */
export const signInstallmentWebhookAcknowledgement = async (
  options: SignInstallmentWebhookAcknowledgementOptions,
): Promise<Either<InstallmentWebhookSignatureError, InstallmentWebhookAcknowledgement>> => {
  try {
    return toEither(await sign(options))
  } catch {
    // Only a getter, Proxy trap, clock or toJSON that throws gets here.
    return toEither(fail('INVALID_OPTIONS', 'the options threw while being read or signed'))
  }
}
