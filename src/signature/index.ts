export {
  InstallmentWebhookSignatureError,
  type InstallmentWebhookSignatureErrorCode,
  installmentWebhookSignatureErrorCodes,
  isInstallmentWebhookSignatureError,
} from './errors'
export {
  DEFAULT_TOLERANCE_SECONDS,
  type InstallmentWebhookPublicKey,
  type VerifyInstallmentWebhookSignatureOptions,
} from './options'
export type { InstallmentWebhookHeaders, InstallmentWebhookRequest, RawBody } from './request'
export {
  type InstallmentWebhookSignatureClaims,
  type InstallmentWebhookV2Verification,
  type InstallmentWebhookVerification,
  verifyInstallmentWebhookSignature,
} from './verify'
export { type ReceivedInstallmentWebhook, receiveInstallmentWebhook } from './receive'
