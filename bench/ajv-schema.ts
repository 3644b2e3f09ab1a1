// The installment webhook's rules written as a JSON Schema compiled by ajv 8, for the benchmark only.
// `tests/bench-schemas.test.ts` runs it over every fixture and over broken payloads next to the io-ts codecs, so
// both keep accepting the same bodies. Unknown keys are allowed and optional fields may be absent or null, as in
// the codecs; dates use this package's own checks as ajv formats.
import { Ajv } from 'ajv'
import { InstallmentStatus, InstallmentWebhookType } from '../src/enums'

const INSTALLMENT_WEBHOOK_TYPE = InstallmentWebhookType.value
const installmentStatuses = Object.keys(InstallmentStatus.keys) as [InstallmentStatus, ...InstallmentStatus[]]
import { isIsoDate, isIsoDateTime } from '../src/dates'

type Schema = Record<string, unknown>

const orNull = (type: string): Schema => ({ type: [type, 'null'] })
const isoDate: Schema = { type: 'string', format: 'iso-date' }
const nullableIsoDate: Schema = { type: ['string', 'null'], format: 'iso-date' }
const nullableIsoDateTime: Schema = { type: ['string', 'null'], format: 'iso-date-time' }
const nonEmptyString: Schema = { type: 'string', minLength: 1 }
// ajv's `strictNumbers` (on by default) rejects `Infinity` and `NaN`, as `Amount` does.
const amount: Schema = { type: 'number' }
const nullableAmount = orNull('number')
const nullableInteger = orNull('integer')
const nullableString = orNull('string')

const enumerator: Schema = {
  type: ['object', 'null'],
  required: ['enumerator'],
  properties: { enumerator: { type: 'string' }, translation_path: nullableString },
}

const installmentEvent: Schema = {
  type: 'object',
  properties: {
    amount: nullableAmount,
    created_at: nullableIsoDateTime,
    event_date: nullableIsoDateTime,
    old_due_date: {
      anyOf: [{ type: 'null' }, { type: 'string', format: 'iso-date' }, { type: 'string', format: 'iso-date-time' }],
    },
    installment_event_type: enumerator,
    installment_old_status: enumerator,
  },
}

const installmentPayment: Schema = {
  type: 'object',
  properties: {
    installment_payment_key: nullableString,
    paid_at: nullableIsoDateTime,
    paid_amount: nullableAmount,
    paid_method_type: enumerator,
  },
}

const installment: Schema = {
  type: 'object',
  required: ['installment_key', 'due_date'],
  properties: {
    installment_key: nonEmptyString,
    due_date: isoDate,
    paid_at: nullableIsoDateTime,
    installment_status: enumerator,
    events: { type: ['array', 'null'], items: installmentEvent },
    installment_payment: { type: ['array', 'null'], items: installmentPayment },
    workdays: nullableInteger,
    calendar_days: nullableInteger,
    created_at: nullableIsoDateTime,
    updated_at: nullableIsoDateTime,
    tax_amount: nullableAmount,
    paid_amount: nullableAmount,
    due_interest: nullableAmount,
    total_amount: nullableAmount,
    due_principal: nullableAmount,
    fine_amount: nullableAmount,
    qr_code_key: nullableString,
    qr_code_url: nullableString,
    bank_slip_key: nullableString,
    has_interest: orNull('boolean'),
    payment_type: enumerator,
    installment_number: nullableInteger,
    business_due_date: nullableIsoDate,
    pre_fixed_amount: nullableAmount,
    post_fixed_amount: nullableAmount,
    principal_amortization_amount: nullableAmount,
    additional_costs: orNull('array'),
    installment_type: nullableString,
  },
}

const bankSlipInstallment: Schema = {
  type: 'object',
  required: ['installment_key', 'due_date', 'total_amount'],
  properties: {
    installment_key: nonEmptyString,
    due_date: isoDate,
    total_amount: amount,
    digitable_line: nullableString,
    qr_code_key: nullableString,
    qr_code_url: nullableString,
    principal_amortization_amount: nullableAmount,
    pre_fixed_amount: nullableAmount,
    bank_slip_key: nullableString,
    business_due_date: nullableIsoDate,
  },
}

const statusChangeData: Schema = {
  required: ['status', 'is_finished', 'installment'],
  properties: { status: { enum: [...installmentStatuses] }, is_finished: { type: 'boolean' }, installment },
}

const bankSlipUpdateData: Schema = {
  required: ['status', 'installments'],
  properties: {
    status: { const: 'update' },
    installments: { type: 'array', items: bankSlipInstallment },
    is_finished: orNull('boolean'),
  },
}

/** Both installment webhooks as one JSON Schema; `data.status` selects the variant through `if`/`then`/`else`. */
export const installmentWebhookJsonSchema: Schema = {
  type: 'object',
  required: ['key', 'webhook_type', 'data'],
  properties: {
    key: nonEmptyString,
    webhook_type: { const: INSTALLMENT_WEBHOOK_TYPE },
    data: {
      type: 'object',
      required: ['status'],
      if: { properties: { status: { const: 'update' } } },
      then: bankSlipUpdateData,
      else: statusChangeData,
    },
  },
}

const ajv = new Ajv()
ajv.addFormat('iso-date', { type: 'string', validate: isIsoDate })
ajv.addFormat('iso-date-time', { type: 'string', validate: isIsoDateTime })

/** The compiled ajv validator: true when the value matches {@link installmentWebhookJsonSchema}. */
export const ajvInstallmentWebhook = ajv.compile(installmentWebhookJsonSchema)
