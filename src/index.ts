export { Amount, IsoDate, IsoDateTime, NonEmptyString } from './primitives'
export {
  InstallmentEventTypeEnumerator,
  InstallmentStatus,
  InstallmentStatusEnumerator,
  InstallmentWebhookType,
  PaymentTypeEnumerator,
} from './enums'
export {
  Installment,
  InstallmentEvent,
  InstallmentPayment,
  InstallmentStatusChangeData,
  InstallmentStatusChangeWebhook,
} from './status-change'
export { BankSlipInstallment, InstallmentBankSlipUpdateData, InstallmentBankSlipUpdateWebhook } from './bank-slip-update'
export { InstallmentWebhook, isInstallmentBankSlipUpdate, isInstallmentStatusChange } from './webhook'
export { decodeInstallmentWebhook, parseInstallmentWebhook } from './decode'
export {
  InstallmentWebhookError,
  type InstallmentWebhookErrorCode,
  type InstallmentWebhookIssue,
  isInstallmentWebhookError,
} from './errors'
