// Compiled by `npm run test:types` (tsc --noEmit), never run: each `@ts-expect-error` says what must not compile.
import { isLeft } from 'fp-ts/Either'
import {
  type InstallmentBankSlipUpdateWebhook,
  type InstallmentEventTypeEnumerator,
  type InstallmentStatus,
  type InstallmentStatusChangeWebhook,
  type InstallmentWebhook,
  type IsoDate,
  type PaymentTypeEnumerator,
  decodeInstallmentWebhook,
  isInstallmentBankSlipUpdate,
  isInstallmentStatusChange,
} from '../../src'

type PaymentType = PaymentTypeEnumerator['enumerator']
type InstallmentEventType = InstallmentEventTypeEnumerator['enumerator']
type InstallmentWebhookDataStatus = InstallmentWebhook['data']['status']

declare const rawBody: Buffer
declare const reply: (status: number, body: string) => void

const assertNever = (value: never): never => {
  throw new Error(`unhandled status ${String(value)}`)
}

// The handler from the README: narrowing on data.status, no cast, every status handled.
export const handle = (): void => {
  const result = decodeInstallmentWebhook(rawBody)
  if (isLeft(result)) return reply(400, result.left.code)
  const webhook = result.right
  switch (webhook.data.status) {
    case 'update': {
      const line: string | null | undefined = webhook.data.installments[0].digitable_line
      const due: IsoDate = webhook.data.installments[0].due_date
      void line
      void due
      break
    }
    case 'paid':
    case 'paid_early':
    case 'paid_partial':
    case 'paid_partial_overdue':
    case 'paid_overdue': {
      const payments = webhook.data.installment.installment_payment
      const amount: number | null | undefined = payments?.[0].paid_amount
      void amount
      break
    }
    case 'opened':
    case 'waiting_payment':
    case 'overdue': {
      const finished: boolean = webhook.data.is_finished
      void finished
      break
    }
    default:
      assertNever(webhook.data)
  }
}

// A switch that forgets a status does not compile.
export const forgetsOverdue = (webhook: InstallmentWebhook): void => {
  switch (webhook.data.status) {
    case 'update':
    case 'opened':
    case 'paid':
    case 'waiting_payment':
    case 'paid_early':
    case 'paid_partial':
    case 'paid_partial_overdue':
    case 'paid_overdue':
      break
    default:
      // @ts-expect-error `overdue` is not handled, so data is not `never` here
      assertNever(webhook.data)
  }
}

export const variants = (webhook: InstallmentWebhook): void => {
  if (webhook.data.status === 'update') {
    // @ts-expect-error a bank-slip update has `installments`, not `installment`
    void webhook.data.installment
  } else {
    // @ts-expect-error a status change has `installment`, not `installments`
    void webhook.data.installments
  }
  if (isInstallmentStatusChange(webhook)) {
    const change: InstallmentStatusChangeWebhook = webhook
    const status: InstallmentStatus = change.data.status
    void status
  }
  if (isInstallmentBankSlipUpdate(webhook)) {
    const update: InstallmentBankSlipUpdateWebhook = webhook
    void update
  }
  if (webhook.data.status !== 'update') {
    // @ts-expect-error narrowing on the nested data.status narrows webhook.data, not the whole webhook
    const change: InstallmentStatusChangeWebhook = webhook
    void change
  }
}

// Open enumerators: known values autocomplete, unknown ones are still strings.
export const enums = (webhook: InstallmentStatusChangeWebhook): void => {
  const known: PaymentType = 'pix'
  const later: PaymentType = 'debit_card'
  const event: InstallmentEventType | undefined = webhook.data.installment.events?.[0].installment_event_type?.enumerator
  void known
  void later
  void event
  // @ts-expect-error the closed status list has no `canceled`
  const closed: InstallmentStatus = 'canceled'
  // @ts-expect-error `data.status` is one of the 8 statuses or `update`
  const discriminant: InstallmentWebhookDataStatus = 'created'
  // @ts-expect-error a date is a branded string: a plain string is not proof it was checked
  const date: IsoDate = '2022-10-28'
  void closed
  void discriminant
  void date
}
