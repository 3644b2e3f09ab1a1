// The installment webhook's rules written as a zod 4 schema, for the benchmark only. `tests/bench-schemas.test.ts`
// runs it over every fixture and over broken payloads next to the io-ts codecs, so both keep accepting the same
// bodies. Unknown keys are kept (`looseObject`) and optional fields may be absent or null, as in the codecs.
import { z } from 'zod'
import { InstallmentStatus, InstallmentWebhookType } from '../src/enums'

const INSTALLMENT_WEBHOOK_TYPE = InstallmentWebhookType.value
const installmentStatuses = Object.keys(InstallmentStatus.keys) as [InstallmentStatus, ...InstallmentStatus[]]
import { isIsoDate, isIsoDateTime } from '../src/dates'

const isoDate = z.string().refine(isIsoDate)
const isoDateTime = z.string().refine(isIsoDateTime)
const nonEmptyString = z.string().min(1)
// zod 4's `z.number()` already rejects `Infinity` and `NaN`, as `Amount` does.
const amount = z.number()
// `z.int()` stops at the safe-integer range; io-ts's `t.Int` takes any integer.
const integer = z.number().refine(Number.isInteger)

const enumerator = z.looseObject({ enumerator: z.string(), translation_path: z.string().nullish() })

const installmentEvent = z.looseObject({
  amount: amount.nullish(),
  created_at: isoDateTime.nullish(),
  event_date: isoDateTime.nullish(),
  old_due_date: z.union([isoDate, isoDateTime]).nullish(),
  installment_event_type: enumerator.nullish(),
  installment_old_status: enumerator.nullish(),
})

const installmentPayment = z.looseObject({
  installment_payment_key: z.string().nullish(),
  paid_at: isoDateTime.nullish(),
  paid_amount: amount.nullish(),
  paid_method_type: enumerator.nullish(),
})

const installment = z.looseObject({
  installment_key: nonEmptyString,
  due_date: isoDate,
  paid_at: isoDateTime.nullish(),
  installment_status: enumerator.nullish(),
  events: z.array(installmentEvent).nullish(),
  installment_payment: z.array(installmentPayment).nullish(),
  workdays: integer.nullish(),
  calendar_days: integer.nullish(),
  created_at: isoDateTime.nullish(),
  updated_at: isoDateTime.nullish(),
  tax_amount: amount.nullish(),
  paid_amount: amount.nullish(),
  due_interest: amount.nullish(),
  total_amount: amount.nullish(),
  due_principal: amount.nullish(),
  fine_amount: amount.nullish(),
  qr_code_key: z.string().nullish(),
  qr_code_url: z.string().nullish(),
  bank_slip_key: z.string().nullish(),
  has_interest: z.boolean().nullish(),
  payment_type: enumerator.nullish(),
  installment_number: integer.nullish(),
  business_due_date: isoDate.nullish(),
  pre_fixed_amount: amount.nullish(),
  post_fixed_amount: amount.nullish(),
  principal_amortization_amount: amount.nullish(),
  additional_costs: z.array(z.unknown()).nullish(),
  installment_type: z.string().nullish(),
})

const bankSlipInstallment = z.looseObject({
  installment_key: nonEmptyString,
  due_date: isoDate,
  total_amount: amount,
  digitable_line: z.string().nullish(),
  qr_code_key: z.string().nullish(),
  qr_code_url: z.string().nullish(),
  principal_amortization_amount: amount.nullish(),
  pre_fixed_amount: amount.nullish(),
  bank_slip_key: z.string().nullish(),
  business_due_date: isoDate.nullish(),
})

const statusChangeData = z.looseObject({
  status: z.enum(installmentStatuses),
  is_finished: z.boolean(),
  installment,
})

const bankSlipUpdateData = z.looseObject({
  status: z.literal('update'),
  installments: z.array(bankSlipInstallment),
  is_finished: z.boolean().nullish(),
})

/** Both installment webhooks as one zod schema, discriminated on `data.status` as the decoder does. */
export const zodInstallmentWebhook = z.looseObject({
  key: nonEmptyString,
  webhook_type: z.literal(INSTALLMENT_WEBHOOK_TYPE),
  data: z.discriminatedUnion('status', [statusChangeData, bankSlipUpdateData]),
})
