import type { Either } from 'fp-ts/Either'
// The package's own entry, not `../decode`: the built subpath then shares the core's single loaded copy, so an
// error it returns is `instanceof` the `InstallmentWebhookError` users import from the main entry.
import {
  type InstallmentWebhook,
  type InstallmentWebhookError,
  decodeInstallmentWebhook,
} from 'qitech-installment-webhooks'
import { type InstallmentWebhookSignatureError, toEither } from './errors'
import type { VerifyInstallmentWebhookSignatureOptions } from './options'
import type { InstallmentWebhookRequest } from './request'
import { type InstallmentWebhookVerification, verifyDelivery } from './verify'

/** A delivery that passed verification and decoded: the webhook, with what was verified about it. */
export type ReceivedInstallmentWebhook = InstallmentWebhookVerification & {
  /** The decoded webhook. */
  readonly webhook: InstallmentWebhook
}

/**
 * Verifies a delivery's signature, then decodes the very bytes that were verified: the one call a webhook handler
 * needs. It resolves to the webhook together with what was verified (`scheme`, the signed `claims`, for audit and
 * deduplication). Never throws or rejects. A signature failure comes back as an
 * {@link InstallmentWebhookSignatureError} (nothing is decoded), a body that is authentic but not a valid webhook
 * as an `InstallmentWebhookError`; their codes are distinct, so one `switch` on `code` covers both.
 * @example
 * import { receiveInstallmentWebhook } from 'qitech-installment-webhooks/signature'
 * declare const req: { headers: Record<string, string>; body: Buffer; method: string; originalUrl: string }
 * declare const QITECH_PUBLIC_KEY: string
 * void receiveInstallmentWebhook(
 *   { headers: req.headers, body: req.body, method: req.method, path: req.originalUrl },
 *   { publicKeys: [QITECH_PUBLIC_KEY] },
 * ).then((result) => {
 *   if (result._tag === 'Left') return console.log(result.left.code)
 *   const { webhook } = result.right
 *   if (webhook.data.status === 'paid') console.log(webhook.data.installment.installment_key)
 *   if (result.right.scheme === 'v2') console.log(result.right.claims.payload_md5, result.right.claims.timestamp)
 * })
 */
export const receiveInstallmentWebhook = async (
  request: InstallmentWebhookRequest,
  options: VerifyInstallmentWebhookSignatureOptions,
): Promise<Either<InstallmentWebhookSignatureError | InstallmentWebhookError, ReceivedInstallmentWebhook>> => {
  const verified = await verifyDelivery(request, options)
  if (!verified.ok) return toEither(verified)
  // A string cannot change, so it is decoded as given (an error then keeps it as the payload); bytes are decoded
  // from the private copy that was hashed.
  const decoded = decodeInstallmentWebhook(verified.value.body)
  return decoded._tag === 'Left' ? decoded : { _tag: 'Right', right: { ...verified.value.verification, webhook: decoded.right } }
}
