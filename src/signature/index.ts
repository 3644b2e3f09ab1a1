export {
  InstallmentWebhookSignatureError,
  type InstallmentWebhookSignatureErrorCode,
  isInstallmentWebhookSignatureError,
} from './errors'
export {
  DEFAULT_TOLERANCE_SECONDS,
  type InstallmentWebhookPublicKey,
  type VerifyInstallmentWebhookSignatureOptions,
} from './options'
export type { InstallmentWebhookRequest, RawBody } from './request'
export type { NodeKeyObject, WebCryptoKey } from './keys'
export { type InstallmentWebhookVerification, verifyInstallmentWebhookSignature } from './verify'
export { type ReceivedInstallmentWebhook, receiveInstallmentWebhook } from './receive'
export { type InstallmentWebhookReceiver, createInstallmentWebhookReceiver } from './receiver'
export {
  type InstallmentWebhookAcknowledgement,
  type SignInstallmentWebhookAcknowledgementOptions,
  signInstallmentWebhookAcknowledgement,
} from './acknowledge'
