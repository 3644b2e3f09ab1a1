import type { Either } from 'fp-ts/Either'
import { left, right } from '../either'
import { errorBrand, errorMessage, hasBrand, setBrand } from '../errors'

/**
 * Why a delivery was rejected. `RAW_BODY_REQUIRED` and `INVALID_OPTIONS` are mistakes in the receiving code
 * (answer 500 and fix the code); every other code means the request is not an authentic, fresh QI Tech delivery
 * for this endpoint (answer 401). `LEGACY_NOT_ENABLED` says nothing was verified because the delivery uses the
 * legacy (v1) scheme: if QI Tech still sends your integration those, pass `legacy: true`.
 * @example
 * import type { InstallmentWebhookSignatureErrorCode } from 'qitech-installment-webhooks/signature'
 * const statusFor = (code: InstallmentWebhookSignatureErrorCode): number =>
 *   code === 'RAW_BODY_REQUIRED' || code === 'INVALID_OPTIONS' ? 500 : 401
 */
export type InstallmentWebhookSignatureErrorCode =
  | 'MISSING_SIGNATURE'
  | 'MALFORMED_SIGNATURE'
  | 'ALGORITHM_NOT_ALLOWED'
  | 'BAD_SIGNATURE'
  | 'BODY_HASH_MISMATCH'
  | 'METHOD_MISMATCH'
  | 'PATH_MISMATCH'
  | 'INVALID_TIMESTAMP'
  | 'STALE_TIMESTAMP'
  | 'FUTURE_TIMESTAMP'
  | 'MISSING_API_CLIENT_KEY'
  | 'API_CLIENT_KEY_MISMATCH'
  | 'ENCODED_BODY_INVALID'
  | 'UNSIGNED_BODY_CONTENT'
  | 'LEGACY_NOT_ENABLED'
  | 'RAW_BODY_REQUIRED'
  | 'INVALID_OPTIONS'

const ERROR_BRAND = /* @__PURE__ */ errorBrand('InstallmentWebhookSignatureError')

/**
 * A delivery that failed signature verification, with a stable `code`. The `message` says what to check; it never
 * holds the token, a key or the body.
 * @example
 * import { verifyInstallmentWebhookSignature } from 'qitech-installment-webhooks/signature'
 * declare const publicKey: string
 * void verifyInstallmentWebhookSignature(
 *   { headers: {}, body: '{}', method: 'POST', path: '/webhooks/qitech' },
 *   { publicKeys: [publicKey] },
 * ).then((result) => {
 *   if (result._tag === 'Left') console.log(result.left.code) // 'MISSING_SIGNATURE'
 * })
 */
export class InstallmentWebhookSignatureError extends Error {
  /** Why the delivery was rejected. */
  readonly code: InstallmentWebhookSignatureErrorCode

  constructor(code: InstallmentWebhookSignatureErrorCode, detail: string) {
    super(errorMessage(code, detail))
    this.name = 'InstallmentWebhookSignatureError'
    this.code = code
    setBrand(this, ERROR_BRAND)
  }
}

/**
 * True when `value` is an {@link InstallmentWebhookSignatureError}, also one made by another loaded copy of this
 * package (its CommonJS and ESM builds, or two versions in one `node_modules`).
 * @example
 * import { isInstallmentWebhookSignatureError } from 'qitech-installment-webhooks/signature'
 * declare const error: unknown
 * if (isInstallmentWebhookSignatureError(error)) console.log(error.code)
 */
export const isInstallmentWebhookSignatureError = (value: unknown): value is InstallmentWebhookSignatureError =>
  hasBrand(value, ERROR_BRAND)

/** The one result shape of every step of the subpath. Only the public functions turn it into an Either. */
export type Result<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly code: InstallmentWebhookSignatureErrorCode; readonly detail: string }

/** A failure is a `Result` of any type, so a step can pass one on as is. */
export type Failure = Extract<Result<never>, { ok: false }>

export const ok = <A>(value: A): Result<A> => ({ ok: true, value })

export const fail = (code: InstallmentWebhookSignatureErrorCode, detail: string): Failure => ({ ok: false, code, detail })

export const toEither = <A>(result: Result<A>): Either<InstallmentWebhookSignatureError, A> =>
  result.ok ? right(result.value) : left(new InstallmentWebhookSignatureError(result.code, result.detail))
