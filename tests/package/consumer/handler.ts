// A webhook handler as an app writes it. The packaging test compiles it with `tsc --noEmit`, strict, under each
// module resolution (as .cts and .mts for node16): it must compile with no error.
import {
  type InstallmentEventTypeEnumerator,
  InstallmentStatus,
  type InstallmentWebhook,
  type PaymentTypeEnumerator,
  decodeInstallmentWebhook,
  isInstallmentWebhookError,
  parseInstallmentWebhook,
} from 'qitech-installment-webhooks'

type PaymentType = PaymentTypeEnumerator['enumerator']
type InstallmentEventType = InstallmentEventTypeEnumerator['enumerator']
type InstallmentWebhookDataStatus = InstallmentWebhook['data']['status']

const assertNever = (value: never): never => {
  throw new Error(`unhandled status ${String(value)}`)
}

export const describe = (webhook: InstallmentWebhook): string => {
  switch (webhook.data.status) {
    case 'update':
      return `charges ${webhook.data.installments.map((i) => i.digitable_line ?? i.qr_code_url).join(',')}`
    case 'paid':
    case 'paid_early':
    case 'paid_partial':
    case 'paid_partial_overdue':
    case 'paid_overdue': {
      const method: PaymentType | undefined = webhook.data.installment.installment_payment?.[0].paid_method_type?.enumerator
      return `paid ${webhook.data.installment.installment_key} by ${method ?? 'unknown'}`
    }
    case 'opened':
    case 'waiting_payment':
    case 'overdue':
      return `${webhook.data.status} ${webhook.data.installment.due_date}`
    default:
      return assertNever(webhook.data)
  }
}

export const handle = (rawBody: Uint8Array): { status: number; body: string } => {
  const result = decodeInstallmentWebhook(rawBody)
  if (result._tag === 'Left') return { status: 400, body: `${result.left.code} ${result.left.issues.length}` }
  return { status: 200, body: describe(result.right) }
}

export const statusOf = (webhook: InstallmentWebhook): InstallmentWebhookDataStatus => webhook.data.status

export const firstEvent = (webhook: InstallmentWebhook): InstallmentEventType | undefined =>
  webhook.data.status === 'update' ? undefined : webhook.data.installment.events?.[0].installment_event_type?.enumerator

export const known = Object.keys(InstallmentStatus.keys) as ReadonlyArray<InstallmentStatus>

export const codeOf = (body: string): string => {
  try {
    return parseInstallmentWebhook(body).data.status
  } catch (error) {
    return isInstallmentWebhookError(error) ? error.code : 'unexpected'
  }
}

// The instruments subpath: checking a charge before forwarding it, with no Node types needed.
import { type InstrumentError, checkBankSlipInstallment, parseBoletoLine } from 'qitech-installment-webhooks/instruments'

export const holds = (webhook: InstallmentWebhook): string[] =>
  webhook.data.status === 'update'
    ? webhook.data.installments.flatMap((item) => {
        const check = checkBankSlipInstallment(item)
        if (check._tag === 'Left') return [check.left.code]
        return check.right.differences.map((difference) => `${item.installment_key} ${difference.kind}`)
      })
    : []

export const boletoError = (line: string): InstrumentError['code'] | undefined => {
  const boleto = parseBoletoLine(line, { near: '2024-07-17' })
  return boleto._tag === 'Left' ? boleto.left.code : undefined
}
