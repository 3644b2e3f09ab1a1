import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'
import type { InstallmentWebhook } from 'qitech-installment-webhooks'
import { isRecord } from '../combinators'

// The fields each key is made of. Changing a list changes the key of some deliveries: bump KEY_SCHEME with it, so
// keys of two compositions never meet in one table by accident.
const KEY_SCHEME = 'v1'

const installmentFields = [
  'installment_key',
  'due_date',
  'business_due_date',
  'paid_at',
  'created_at',
  'updated_at',
  'total_amount',
  'paid_amount',
  'tax_amount',
  'due_interest',
  'due_principal',
  'fine_amount',
  'pre_fixed_amount',
  'post_fixed_amount',
  'principal_amortization_amount',
  'bank_slip_key',
  'qr_code_key',
  'qr_code_url',
  'has_interest',
  'installment_number',
  'installment_type',
] as const
const installmentEnumerators = ['installment_status', 'payment_type'] as const
const eventFields = ['amount', 'created_at', 'event_date', 'old_due_date'] as const
const eventEnumerators = ['installment_event_type', 'installment_old_status'] as const
const paymentFields = ['installment_payment_key', 'paid_at', 'paid_amount'] as const
const paymentEnumerators = ['paid_method_type'] as const
const bankSlipFields = [
  'installment_key',
  'due_date',
  'business_due_date',
  'total_amount',
  'principal_amortization_amount',
  'pre_fixed_amount',
  'digitable_line',
  'bank_slip_key',
  'qr_code_key',
  'qr_code_url',
] as const

const scalar = (value: unknown): string | number | boolean | null =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null

/** The JSON array of an object's booked values, by position: its fields, then the `enumerator` of each enumerator. */
const fieldsText = (value: unknown, fields: ReadonlyArray<string>, enumerators: ReadonlyArray<string> = []): string => {
  const record = isRecord(value) ? value : {}
  const enumeratorOf = (enumerator: unknown): unknown => (isRecord(enumerator) ? enumerator.enumerator : null)
  const values = [...fields.map((field) => record[field]), ...enumerators.map((field) => enumeratorOf(record[field]))]
  return JSON.stringify(values.map(scalar))
}

/** A list's items as a JSON array of their texts, sorted: the order in which QI Tech lists them is not booked. */
const listText = (list: unknown, fields: ReadonlyArray<string>, enumerators?: ReadonlyArray<string>): string =>
  `[${(Array.isArray(list) ? list.map((item) => fieldsText(item, fields, enumerators)) : []).sort().join(',')}]`

/** The canonical text of one bank-slip item; the ordering compares items by it. */
export const bankSlipItemText = (item: unknown): string => fieldsText(item, bankSlipFields)

/** The canonical text of a delivery's booked fields, hashed into its key. */
export const deliveryText = (webhook: InstallmentWebhook): string => {
  const { data } = webhook
  const head = JSON.stringify([webhook.webhook_type, webhook.key, data.status, scalar(data.is_finished)])
  if (data.status === 'update') return `[${head},${listText(data.installments, bankSlipFields)}]`
  const { installment } = data
  const events = listText(installment.events, eventFields, eventEnumerators)
  const payments = listText(installment.installment_payment, paymentFields, paymentEnumerators)
  return `[${head},${fieldsText(installment, installmentFields, installmentEnumerators)},${events},${payments}]`
}

/**
 * A key that identifies one delivery: the same for every retry of it, in any process, and different for any two
 * deliveries that differ in something a lender books. QI Tech sends no delivery id: make this the primary key of
 * the table of deliveries. It is `v1:` and the SHA-256 (64 hex digits) of a canonical text of the fields below, so
 * it fits any index; the version changes with the fields, so keys of two versions never collide.
 *
 * The key is made of these fields, and of nothing else:
 * - always: `webhook_type`, `key`, `data.status`, `data.is_finished`;
 * - a status change, in `data.installment`: `installment_key`, `due_date`, `business_due_date`, `paid_at`,
 *   `created_at`, `updated_at`, `total_amount`, `paid_amount`, `tax_amount`, `due_interest`, `due_principal`,
 *   `fine_amount`, `pre_fixed_amount`, `post_fixed_amount`, `principal_amortization_amount`, `bank_slip_key`,
 *   `qr_code_key`, `qr_code_url`, `has_interest`, `installment_number`, `installment_type`, and the `enumerator` of
 *   `installment_status` and `payment_type`;
 *   - of each of `events[]`: `amount`, `created_at`, `event_date`, `old_due_date`, and the `enumerator` of
 *     `installment_event_type` and `installment_old_status`;
 *   - of each of `installment_payment[]`: `installment_payment_key`, `paid_at`, `paid_amount`, and the
 *     `enumerator` of `paid_method_type`;
 * - a bank-slip update, of each of `data.installments[]`: `installment_key`, `due_date`, `business_due_date`,
 *   `total_amount`, `principal_amortization_amount`, `pre_fixed_amount`, `digitable_line`, `bank_slip_key`,
 *   `qr_code_key`, `qr_code_url`.
 *
 * So a retry has the same key however it was re-serialized: key order, whitespace, the order of the items of a
 * list, a field absent or `null` (the same thing to the key), and fields this version does not know do not count.
 * Neither do `translation_path` (a label), `additional_costs` (untyped), nor `workdays` and `calendar_days`, which
 * count the days to the due date and so may change between two sendings of one delivery.
 * @example
 * import { decodeInstallmentWebhook } from 'qitech-installment-webhooks'
 * import { installmentDeliveryKey } from 'qitech-installment-webhooks/delivery'
 * declare const rawBody: string
 * const result = decodeInstallmentWebhook(rawBody)
 * if (result._tag === 'Right') {
 *   const deliveryKey = installmentDeliveryKey(result.right) // 'v1:3f7c…', 67 characters
 *   // INSERT INTO deliveries (delivery_key, body) VALUES ($1, $2) ON CONFLICT (delivery_key) DO NOTHING
 * }
 */
export const installmentDeliveryKey = (webhook: InstallmentWebhook): string =>
  `${KEY_SCHEME}:${bytesToHex(sha256(utf8ToBytes(deliveryText(webhook))))}`
