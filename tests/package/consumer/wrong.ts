// A handler with a mistake the types must catch: the packaging test expects `tsc` to fail on this file, with
// exactly one error, on the marked line.
import { decodeInstallmentWebhook } from 'qitech-installment-webhooks'

export const countCharges = (rawBody: string): number => {
  const result = decodeInstallmentWebhook(rawBody)
  if (result._tag === 'Left' || result.right.data.status !== 'paid') return 0
  return result.right.data.installments.length // type error: a status change has `installment`, not `installments`
}
