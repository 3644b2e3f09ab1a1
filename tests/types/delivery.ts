// Compiled by `npm run test:types` (tsc --noEmit), never run: each `@ts-expect-error` says what must not compile.
import { type BankSlipInstallment, type InstallmentWebhook, isInstallmentBankSlipUpdate, isInstallmentStatusChange } from '../../src'
import {
  type AmountConversionError,
  type InstallmentDeliveryOrder,
  amountToDecimalString,
  amountToMinorUnits,
  compareInstallmentDeliveries,
  installmentDeliveryKey,
} from '../../src/delivery'

type AmountConversionErrorCode = AmountConversionError['code']

type InstallmentDeliveryUnorderedReason = Extract<InstallmentDeliveryOrder, { order: 'unordered' }>['reason']

declare const webhook: InstallmentWebhook
declare const charge: BankSlipInstallment

// A receiver that keys, orders and converts, as the README's "Handling deliveries" section writes it.
export const receive = (stored: InstallmentWebhook | undefined): string => {
  const deliveryKey: string = installmentDeliveryKey(webhook)
  if (!isInstallmentStatusChange(webhook)) {
    for (const charge of webhook.data.installments) {
      const order = compareInstallmentDeliveries(charge, charge).order
      const total = amountToDecimalString(charge.total_amount)
      if (total._tag === 'Right' && order === 'same') return total.right
    }
    return deliveryKey
  }
  if (stored === undefined || !isInstallmentStatusChange(stored)) return deliveryKey
  const result = compareInstallmentDeliveries(stored, webhook)
  if (result.order === 'unordered') {
    const reason: InstallmentDeliveryUnorderedReason = result.reason
    return `${reason}: ${result.detail}`
  }
  // @ts-expect-error only an unordered result carries a reason
  void result.reason
  const centavos = amountToMinorUnits(webhook.data.installment.paid_amount ?? 0, { scale: 2, rounding: 'half-even' })
  if (centavos._tag === 'Left') {
    const code: AmountConversionErrorCode = centavos.left.code
    return code
  }
  const value: number = centavos.right
  return String(value)
}

export const mistakes = (): void => {
  if (isInstallmentBankSlipUpdate(webhook)) {
    // @ts-expect-error a whole bank-slip update is not compared: compare its items one by one
    compareInstallmentDeliveries(webhook, webhook)
  }
  if (isInstallmentStatusChange(webhook)) {
    // @ts-expect-error a status change is not compared with a bank-slip item
    compareInstallmentDeliveries(webhook, charge)
  }
  // @ts-expect-error the rounding is required: a booking rule is never guessed
  amountToMinorUnits(1.005, {})
  // @ts-expect-error the rounding names are 'half-even' and 'half-up'
  amountToMinorUnits(1.005, { rounding: 'HALF_EVEN' })
  // @ts-expect-error the key is computed from a decoded webhook, not from the raw body
  installmentDeliveryKey('{"key":"x"}')
}
