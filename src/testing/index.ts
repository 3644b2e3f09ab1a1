export { type TestKeyPair, generateTestKeyPair } from './keys'
export { type SignTestWebhookOptions, type TestWebhookHeaders, signTestWebhook } from './sign'
export { buildBankSlipUpdateWebhook, buildStatusChangeWebhook } from './builders'
export type { WebhookOverrides } from './merge'
