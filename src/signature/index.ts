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
export type { InstallmentWebhookLegacySignedRequest } from './legacy'
export type {
  InstallmentWebhookLegacySignatureClaims,
  InstallmentWebhookSignatureClaims,
  InstallmentWebhookV1Verification,
  InstallmentWebhookV2Verification,
  InstallmentWebhookVerification,
} from './verification'
export { verifyInstallmentWebhookSignature } from './verify'
export { type ReceivedInstallmentWebhook, receiveInstallmentWebhook } from './receive'
export {
  type InstallmentWebhookAcknowledgement,
  type SignInstallmentWebhookAcknowledgementOptions,
  signInstallmentWebhookAcknowledgement,
} from './acknowledge'
