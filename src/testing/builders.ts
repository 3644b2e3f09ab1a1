import type {
  InstallmentBankSlipUpdateWebhook,
  InstallmentStatus,
  InstallmentStatusChangeWebhook,
} from 'qitech-installment-webhooks'
import type * as t from 'io-ts'

/**
 * Overrides for a payload: every field optional at every depth, with plain strings and numbers where the payload
 * has branded ones (`due_date: '2024-01-31'` needs no cast). Objects merge key by key; an array or a `null`
 * replaces the value it overrides.
 * @example
 * import type { InstallmentStatusChangeWebhook } from 'qitech-installment-webhooks'
 * import { type WebhookOverrides, buildStatusChangeWebhook } from 'qitech-installment-webhooks/testing'
 * const lateFee: WebhookOverrides<InstallmentStatusChangeWebhook> = { data: { installment: { fine_amount: 12.5 } } }
 * console.log(buildStatusChangeWebhook('overdue', lateFee).data.installment.fine_amount) // 12.5
 */
export type WebhookOverrides<T> =
  T extends t.Brand<unknown>
    ? T extends string
      ? string
      : T extends number
        ? number
        : T
    : T extends string | number | boolean | null | undefined
      ? T
      : T extends ReadonlyArray<infer E>
        ? ReadonlyArray<WebhookOverrides<E>>
        : { readonly [K in keyof T]?: WebhookOverrides<T[K]> }

// Not `isRecord`: a Date or a Map in the overrides replaces the base value instead of merging into it.
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  Object.prototype.toString.call(value) === '[object Object]'

/**
 * A new value: `base` with `overrides` merged in. Plain objects merge recursively; anything else in `overrides`
 * (arrays, `null`, scalars) replaces; `undefined` leaves the base value. Neither input is changed, and a
 * `__proto__` key in the overrides is ignored rather than allowed to change a prototype.
 */
export const deepMerge = (base: unknown, overrides: unknown): unknown => {
  if (overrides === undefined) return base
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides
  const merged: Record<string, unknown> = { ...base }
  for (const key of Object.keys(overrides)) {
    if (key === '__proto__') continue
    merged[key] = deepMerge(base[key], overrides[key])
  }
  return merged
}

// The Pix "copia e cola" code of QI Tech's example.
const PIX_CODE =
  '00020126580014br.gov.bcb.pix0136dc4a27db-2fe1-474d-aa02-88d6fffb8d0d520400005303986' +
  '5802BR5921NeymarSportEMarketing6008saopaulo62070503***63040EB2'

/** QI Tech's enumerator object for `value` of the enumeration `name`, with its translation path. */
export const enumeratorOf = (name: string, value: string) => ({ enumerator: value, translation_path: `co.${name}.${value}` })

const openEvent = () => ({
  amount: null,
  created_at: '2022-09-27T07:03:35',
  event_date: '2022-09-27T07:03:34',
  old_due_date: null,
  installment_event_type: enumeratorOf('InstallmentEventType', 'open'),
  installment_old_status: enumeratorOf('InstallmentStatus', 'created'),
})

const statusChangeFor = (status: string) => {
  const paid = status.startsWith('paid')
  const partial = status.includes('partial')
  const paidAmount = partial ? 500 : 1009.68
  return {
    key: '92a05d9c-e457-4f28-9fa8-86be638ee2d0',
    webhook_type: 'installment.status_change',
    data: {
      status,
      // Only a fully paid installment cannot change any more.
      is_finished: paid && !partial,
      installment: {
        installment_key: '4a2d3b5f-9c8e-4d72-8f3a-1b6c7d8e9f02',
        due_date: '2022-10-28',
        paid_at: paid ? '2022-10-27T10:15:00' : null,
        installment_status: enumeratorOf('InstallmentStatus', status),
        events: paid
          ? [
              openEvent(),
              {
                amount: paidAmount,
                created_at: '2022-10-27T10:15:01',
                event_date: '2022-10-27T10:15:00',
                old_due_date: null,
                installment_event_type: enumeratorOf('InstallmentEventType', 'payment'),
                installment_old_status: enumeratorOf('InstallmentStatus', 'opened'),
              },
            ]
          : [openEvent()],
        installment_payment: paid
          ? [
              {
                installment_payment_key: 'f03e1fbc-6d7a-456b-bd6a-db0faac1b401',
                paid_at: '2022-10-27T10:15:00',
                paid_amount: paidAmount,
                paid_method_type: enumeratorOf('PaymentType', 'pix'),
              },
            ]
          : [],
        workdays: 22,
        calendar_days: 31,
        created_at: '2022-09-27T07:03:35',
        updated_at: '2022-10-27T10:15:01',
        tax_amount: 3.81,
        paid_amount: paid ? paidAmount : 0,
        due_interest: 41.12345678,
        total_amount: 1009.68,
        due_principal: 964.74654322,
        fine_amount: null,
        qr_code_key: '7d20015e-c4ed-4290-b255-33c1c5b56362',
        qr_code_url: PIX_CODE,
        bank_slip_key: '5f25e9fd-f612-47a3-acff-be9f29d87f6c',
        has_interest: true,
        payment_type: enumeratorOf('PaymentType', 'bankslip'),
      },
    },
  }
}

/**
 * A valid status-change payload for `status`, shaped like QI Tech's examples, with `overrides` deep-merged in
 * (objects merge, arrays replace). The result is a fresh object: `JSON.stringify` it and sign it with
 * `signTestWebhook`. A status this version does not know is accepted as well, to test a handler's dead-letter path:
 * that payload decodes to an `UNKNOWN_STATUS` error. For the deliveries of a whole life, see {@link buildInstallmentLife}.
 * @example
 * import { buildStatusChangeWebhook } from 'qitech-installment-webhooks/testing'
 * const webhook = buildStatusChangeWebhook('overdue', { data: { installment: { due_date: '2024-01-31' } } })
 * console.log(webhook.data.status, webhook.data.installment.due_date) // overdue 2024-01-31
 * const unknown = JSON.stringify(buildStatusChangeWebhook('renegotiated')) // decodes to UNKNOWN_STATUS
 */
export const buildStatusChangeWebhook = (
  // `string & {}` keeps the known statuses in an editor's completions.
  status: InstallmentStatus | (string & {}),
  overrides?: WebhookOverrides<InstallmentStatusChangeWebhook>,
): InstallmentStatusChangeWebhook => deepMerge(statusChangeFor(status), overrides) as InstallmentStatusChangeWebhook

const bankSlipUpdate = () => ({
  key: '96015228-4905-42fc-bda6-e70e0e552b6b',
  webhook_type: 'installment.status_change',
  data: {
    status: 'update',
    installments: [
      {
        installment_key: 'bc60ad8e-4dc1-4edc-8c5b-6df1b5c9415d',
        digitable_line: '32990001455000000000503007797909797660000100000',
        qr_code_key: '7d20015e-c4ed-4290-b255-33c1c5b56362',
        qr_code_url: PIX_CODE,
        principal_amortization_amount: 141.07452576,
        pre_fixed_amount: 72.89547424,
        bank_slip_key: '5f25e9fd-f612-47a3-acff-be9f29d87f6c',
        due_date: '2024-07-17',
        total_amount: 216.97,
      },
    ],
  },
})

/**
 * A valid bank-slip update payload (`data.status` `update`, one boleto and Pix charge), shaped like QI Tech's
 * example, with `overrides` deep-merged in (objects merge, arrays replace).
 * @example
 * import { buildBankSlipUpdateWebhook } from 'qitech-installment-webhooks/testing'
 * const webhook = buildBankSlipUpdateWebhook({ key: 'b7e1a0c4-0b8e-4b5e-9d7a-3c2f1e0d9c8b' })
 * console.log(webhook.data.installments[0].digitable_line)
 */
export const buildBankSlipUpdateWebhook = (
  overrides?: WebhookOverrides<InstallmentBankSlipUpdateWebhook>,
): InstallmentBankSlipUpdateWebhook => deepMerge(bankSlipUpdate(), overrides) as InstallmentBankSlipUpdateWebhook
