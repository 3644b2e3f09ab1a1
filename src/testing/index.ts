export { type TestKeyPair, generateTestKeyPair } from './keys'
export { type SignTestWebhookOptions, signLegacyTestWebhook, signTestWebhook } from './sign'
export { type WebhookOverrides, buildBankSlipUpdateWebhook, buildStatusChangeWebhook } from './builders'
export { type InstallmentLifeOptions, buildInstallmentLife } from './lives'
