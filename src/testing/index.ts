export { type TestKeyPair, generateTestKeyPair } from './keys'
export {
  type LegacyTestDelivery,
  type SignLegacyTestWebhookOptions,
  type SignTestWebhookOptions,
  type TestWebhookHeaders,
  signLegacyTestWebhook,
  signTestWebhook,
} from './sign'
export { buildBankSlipUpdateWebhook, buildStatusChangeWebhook } from './builders'
export type { WebhookOverrides } from './merge'
