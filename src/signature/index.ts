export type { RawBody } from './body'
export type { InstallmentWebhookSignatureClaims } from './claims'
export {
  InstallmentWebhookSignatureError,
  type InstallmentWebhookSignatureErrorCode,
  installmentWebhookSignatureErrorCodes,
  isInstallmentWebhookSignatureError,
} from './errors'
export type { InstallmentWebhookHeaders } from './headers'
export {
  DEFAULT_TOLERANCE_SECONDS,
  type InstallmentWebhookPublicKey,
  type VerifyInstallmentWebhookSignatureOptions,
} from './options'
export { type InstallmentWebhookRequest, verifyInstallmentWebhookSignature } from './verify'
export { receiveInstallmentWebhook } from './receive'
