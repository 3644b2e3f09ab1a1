export { installmentDeliveryKey } from './delivery-key'
export { type InstallmentDeliveryOrder, compareInstallmentDeliveries } from './delivery-order'
export { type AmountConversionError, amountToDecimalString, amountToMinorUnits } from './money'
