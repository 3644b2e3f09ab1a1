export {
  Amount,
  type AmountBrand,
  IsoDate,
  type IsoDateBrand,
  IsoDateTime,
  type IsoDateTimeBrand,
  NonEmptyString,
  type NonEmptyStringBrand,
} from './primitives'
export {
  INSTALLMENT_WEBHOOK_TYPE,
  InstallmentEventType,
  InstallmentEventTypeEnumerator,
  InstallmentStatus,
  InstallmentStatusEnumerator,
  InstallmentWebhookDataStatus,
  InstallmentWebhookType,
  PaymentType,
  PaymentTypeEnumerator,
  installmentEventTypes,
  installmentStatusEnumeratorValues,
  installmentStatuses,
  installmentWebhookDataStatuses,
  paymentTypes,
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
  type InstallmentWebhookEnvelope,
  type InstallmentWebhookErrorCode,
  type InstallmentWebhookIssue,
  installmentWebhookErrorCodes,
  isInstallmentWebhookError,
} from './errors'

// Handling deliveries: a key to store each delivery once, the order of two deliveries, exact money.
export { installmentDeliveryKey } from './delivery-key'
export {
  type InstallmentDeliveryOrder,
  type InstallmentDeliveryUnorderedReason,
  compareInstallmentDeliveries,
} from './delivery-order'
export {
  type AmountConversionError,
  type AmountConversionErrorCode,
  type AmountRounding,
  type AmountToMinorUnitsOptions,
  amountToDecimalString,
  amountToMinorUnits,
} from './money'
