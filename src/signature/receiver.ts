import type { Either } from 'fp-ts/Either'
import type { InstallmentWebhookError } from 'qitech-installment-webhooks'
import { InstallmentWebhookSignatureError, ok, toEither } from './errors'
import { type VerifyInstallmentWebhookSignatureOptions, resolveOptions } from './options'
import { type ReceivedInstallmentWebhook, receiveDelivery } from './receive'
import { type InstallmentWebhookRequest, readRequest } from './request'
import { type InstallmentWebhookVerification, verifyDelivery } from './verify'

/**
 * Verifies and receives deliveries with options checked once, at start-up. Both methods never throw or reject.
 * @example
 * import type { InstallmentWebhookReceiver } from 'qitech-installment-webhooks/signature'
 * declare const receiver: InstallmentWebhookReceiver
 * declare const request: { headers: Headers; body: ArrayBuffer; method: string; path: string }
 * void receiver.receive(request).then((result) => console.log(result._tag))
 */
export interface InstallmentWebhookReceiver {
  /**
   * Verifies a delivery's signature, then decodes the very bytes that were verified: the one call a webhook handler
   * needs. A signature failure comes back as an {@link InstallmentWebhookSignatureError} (nothing is decoded), a body
   * that is authentic but not a valid webhook as an `InstallmentWebhookError`; their codes are distinct, so one
   * `switch` on `code` covers both.
   */
  receive(request: InstallmentWebhookRequest): Promise<Either<InstallmentWebhookSignatureError | InstallmentWebhookError, ReceivedInstallmentWebhook>>
  /** Verifies a delivery's signature only, and resolves to what was verified (`scheme` and the signed `claims`). */
  verify(request: InstallmentWebhookRequest): Promise<Either<InstallmentWebhookSignatureError, InstallmentWebhookVerification>>
}

/**
 * Checks the options once and returns the receiver a webhook endpoint uses for every delivery. Call it when the app
 * starts: it rejects there, with an {@link InstallmentWebhookSignatureError} of code `INVALID_OPTIONS` whose message
 * names the option (`publicKeys[0] is not a PEM public key`), instead of every delivery failing later. The keys are
 * parsed once, here; the clock is called once here to check it, then once per delivery. A PEM whose line breaks are
 * written as the two characters `\n` (as environment variables often hold it) is read as the PEM it stands for.
 * Answer 500, never 401, to `INVALID_OPTIONS` and `RAW_BODY_REQUIRED`: they are mistakes in the receiving code.
 * @example
 * import { createInstallmentWebhookReceiver } from 'qitech-installment-webhooks/signature'
 * declare const req: { headers: Record<string, string>; body: Buffer; method: string; originalUrl: string }
 * const receiving = createInstallmentWebhookReceiver({ publicKeys: [process.env.QITECH_PUBLIC_KEY ?? ''] })
 * void receiving.then(async (receiver) => {
 *   const result = await receiver.receive({ headers: req.headers, body: req.body, method: req.method, path: req.originalUrl })
 *   if (result._tag === 'Left') return console.log(result.left.code)
 *   if (result.right.webhook.data.status === 'paid') console.log(result.right.webhook.data.installment.installment_key)
 * })
 */
export const createInstallmentWebhookReceiver = async (
  options: VerifyInstallmentWebhookSignatureOptions,
): Promise<InstallmentWebhookReceiver> => {
  const resolved = await resolveOptions(options)
  if (!resolved.ok) throw new InstallmentWebhookSignatureError(resolved.code, resolved.detail)
  const resolvedOptions = resolved.value
  return {
    receive: (request) => receiveDelivery(readRequest(request), resolvedOptions),
    verify: async (request) => {
      const verified = await verifyDelivery(readRequest(request), resolvedOptions)
      return toEither(verified.ok ? ok(verified.value.verification) : verified)
    },
  }
}
