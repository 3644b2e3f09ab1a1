import type { Either } from 'fp-ts/Either'
// The package's own entry, not `../decode`: the built subpath then shares the core's single loaded copy, so an
// error it returns is `instanceof` the `InstallmentWebhookError` users import from the main entry.
import {
  type InstallmentWebhook,
  type InstallmentWebhookError,
  decodeInstallmentWebhook,
} from 'qitech-installment-webhooks'
import { type InstallmentWebhookSignatureError, toEither } from './errors'
import { type ResolvedOptions, type VerifyInstallmentWebhookSignatureOptions, resolveOptions } from './options'
import { type InstallmentWebhookRequest, readRequest } from './request'
import { type InstallmentWebhookVerification, verifyDelivery } from './verify'

/** A delivery that passed verification and decoded: the webhook, with what was verified about it. */
export type ReceivedInstallmentWebhook = InstallmentWebhookVerification & {
  /** The decoded webhook. */
  readonly webhook: InstallmentWebhook
}

/** Verifies a request read by `readRequest` with options resolved once, then decodes the very bytes that were verified. */
export const receiveDelivery = async (
  read: ReturnType<typeof readRequest>,
  options: ResolvedOptions,
): Promise<Either<InstallmentWebhookSignatureError | InstallmentWebhookError, ReceivedInstallmentWebhook>> => {
  const verified = await verifyDelivery(read, options)
  if (!verified.ok) return toEither(verified)
  // The body is what was hashed: the private copy of the bytes, or a string's UTF-8 as text (an error keeps it).
  const decoded = decodeInstallmentWebhook(verified.value.body)
  return decoded._tag === 'Left' ? decoded : { _tag: 'Right', right: { ...verified.value.verification, webhook: decoded.right } }
}

/**
 * Verifies one delivery's signature with options checked on this call, then decodes the very bytes that were
 * verified: for one-off checks. A server builds a receiver once with `createInstallmentWebhookReceiver` instead,
 * whose `receive` does the same with the options checked at start-up. Never throws or rejects. A signature failure
 * comes back as an {@link InstallmentWebhookSignatureError} (nothing is decoded), a body that is authentic but not a
 * valid webhook as an `InstallmentWebhookError`; their codes are distinct, so one `switch` on `code` covers both.
 * @example
 * import { receiveInstallmentWebhook } from 'qitech-installment-webhooks/signature'
 * declare const capture: { headers: Record<string, string>; body: string; method: string; path: string }
 * declare const QITECH_PUBLIC_KEY: string
 * void receiveInstallmentWebhook(capture, { publicKeys: [QITECH_PUBLIC_KEY] }).then((result) => {
 *   if (result._tag === 'Left') return console.log(result.left.code)
 *   const { webhook } = result.right
 *   if (webhook.data.status === 'paid') console.log(webhook.data.installment.installment_key)
 * })
 */
export const receiveInstallmentWebhook = async (
  request: InstallmentWebhookRequest,
  options: VerifyInstallmentWebhookSignatureOptions,
): Promise<Either<InstallmentWebhookSignatureError | InstallmentWebhookError, ReceivedInstallmentWebhook>> => {
  const read = readRequest(request)
  const resolved = await resolveOptions(options)
  return resolved.ok ? receiveDelivery(read, resolved.value) : toEither(resolved)
}
