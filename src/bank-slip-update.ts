import * as t from 'io-ts'
import { InstallmentWebhookType } from './enums'
import { Amount, IsoDate, NonEmptyString, payloadObject } from './primitives'

/**
 * One entry of `data.installments` in a bank-slip update: the boleto and Pix charge created for an installment.
 * @example
 * import { BankSlipInstallment } from 'qitech-installment-webhooks'
 * BankSlipInstallment.is({
 *   installment_key: 'bc60ad8e-4dc1-4edc-8c5b-6df1b5c9415d',
 *   due_date: '2024-07-17',
 *   total_amount: 216.97,
 *   digitable_line: null,
 * }) // true: a Pix-only charge has no boleto line
 */
export const BankSlipInstallment = /* @__PURE__ */ payloadObject(
  'BankSlipInstallment',
  {
    /** Key of the installment. */
    installment_key: NonEmptyString,
    /** Due date of the charge. */
    due_date: IsoDate,
    /** Total amount to pay. */
    total_amount: Amount,
  },
  {
    /** The boleto's 47-digit digitable line. */
    digitable_line: t.string,
    /** Key of the Pix charge. */
    qr_code_key: t.string,
    /** Pix "copia e cola" BR Code payload (despite the name, not a URL). */
    qr_code_url: t.string,
    /** Principal amortized by the installment. */
    principal_amortization_amount: Amount,
    /** Pre-fixed interest part. */
    pre_fixed_amount: Amount,
    /** Key of the bank slip (boleto). */
    bank_slip_key: t.string,
  },
)
/** One entry of `data.installments` in a bank-slip update. */
export interface BankSlipInstallment extends t.TypeOf<typeof BankSlipInstallment> {}

/**
 * `data` of a bank-slip update.
 * @example
 * import { InstallmentBankSlipUpdateData } from 'qitech-installment-webhooks'
 * InstallmentBankSlipUpdateData.is({ status: 'update', installments: [] }) // true
 */
export const InstallmentBankSlipUpdateData = /* @__PURE__ */ payloadObject(
  'InstallmentBankSlipUpdateData',
  {
    /** Always `update`. */
    status: /* @__PURE__ */ t.literal('update', 'BankSlipUpdateStatus'),
    /** The charges created, one per installment. */
    installments: /* @__PURE__ */ t.array(BankSlipInstallment, 'BankSlipInstallments'),
  },
  {
    /** Whether the installment can no longer change status (not in QI Tech's example of this variant). */
    is_finished: t.boolean,
  },
)
/** `data` of a bank-slip update. */
export interface InstallmentBankSlipUpdateData extends t.TypeOf<typeof InstallmentBankSlipUpdateData> {}

/**
 * A bank-slip update: QI Tech created a boleto or Pix charge for one or more installments.
 * @example
 * import { InstallmentBankSlipUpdateWebhook } from 'qitech-installment-webhooks'
 * InstallmentBankSlipUpdateWebhook.is({
 *   key: '96015228-4905-42fc-bda6-e70e0e552b6b',
 *   webhook_type: 'installment.status_change',
 *   data: { status: 'update', installments: [] },
 * }) // true
 */
export const InstallmentBankSlipUpdateWebhook = /* @__PURE__ */ payloadObject(
  'InstallmentBankSlipUpdateWebhook',
  {
    /** The credit operation's key (QI Tech's DEBT-KEY). */
    key: NonEmptyString,
    /** Always `installment.status_change`. */
    webhook_type: InstallmentWebhookType,
    /** The charges. */
    data: InstallmentBankSlipUpdateData,
  },
  {},
)
/** A bank-slip update webhook. */
export interface InstallmentBankSlipUpdateWebhook extends t.TypeOf<typeof InstallmentBankSlipUpdateWebhook> {}
