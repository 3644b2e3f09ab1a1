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
import { verifyDelivery } from './verify'

/**
 * Verifies a delivery's signature, then decodes the very bytes that were verified: the one call a webhook handler
 * needs. Never throws or rejects. A signature failure comes back as an {@link InstallmentWebhookSignatureError}
 * (nothing is decoded), a body that is authentic but not a valid webhook as an `InstallmentWebhookError`; their
 * codes are distinct, so one `switch` on `code` covers both.
 * @example
 * import { receiveInstallmentWebhook } from 'qitech-installment-webhooks/signature'
 * declare const req: { headers: Record<string, string>; body: Buffer; method: string; originalUrl: string }
 * declare const QITECH_PUBLIC_KEY: string
 * void receiveInstallmentWebhook(
 *   { headers: req.headers, body: req.body, method: req.method, path: req.originalUrl },
 *   { publicKeys: [QITECH_PUBLIC_KEY] },
 * ).then((result) => {
 *   if (result._tag === 'Left') console.log(result.left.code)
 *   else if (result.right.data.status === 'paid') console.log(result.right.data.installment.installment_key)
 * })
 */
export const receiveInstallmentWebhook = async (
  request: InstallmentWebhookRequest,
  options: VerifyInstallmentWebhookSignatureOptions,
): Promise<Either<InstallmentWebhookSignatureError | InstallmentWebhookError, InstallmentWebhook>> => {
  const verified = await verifyDelivery(request, options)
  // A string cannot change, so it is decoded as given (an error then keeps it as the payload); bytes are decoded
  // from the private copy that was hashed.
  return verified.ok ? decodeInstallmentWebhook(verified.value.body) : toEither(verified)
}
