import * as t from 'io-ts'
import { isAbsent, isRecord, listOf, payloadObject } from './combinators'
import { isEnvelope, webhookEnvelope } from './envelope'
import {
  Amount,
  IsoDate,
  NonEmptyString,
  isAmountValue,
  isIsoDateValue,
  isNonEmptyStringValue,
  isOptionalAmount,
  isOptionalIsoDate,
  isOptionalString,
} from './primitives'

// As in `status-change.ts`: hand-written guards, each its codec's `is`, checked against the stock io-ts reference.

const isCharge = (u: unknown): boolean =>
  isRecord(u) &&
  isNonEmptyStringValue(u.installment_key) &&
  isIsoDateValue(u.due_date) &&
  isAmountValue(u.total_amount) &&
  isOptionalString(u.digitable_line) &&
  isOptionalString(u.qr_code_key) &&
  isOptionalString(u.qr_code_url) &&
  isOptionalAmount(u.principal_amortization_amount) &&
  isOptionalAmount(u.pre_fixed_amount) &&
  isOptionalString(u.bank_slip_key) &&
  isOptionalIsoDate(u.business_due_date)

const isBankSlipUpdateData = (u: unknown): boolean => {
  if (!isRecord(u) || u.status !== 'update' || !(isAbsent(u.is_finished) || typeof u.is_finished === 'boolean')) return false
  const charges = u.installments
  if (!Array.isArray(charges)) return false
  for (let i = 0; i < charges.length; i++) if (!isCharge(charges[i])) return false
  return true
}

/** True exactly when `InstallmentBankSlipUpdateWebhook.decode(u)` succeeds; that codec's `is`. */
export const isBankSlipUpdateWebhook = (u: unknown): boolean => isEnvelope(u) && isBankSlipUpdateData(u.data)

/**
 * One entry of `data.installments` in a bank-slip update: the boleto and Pix charge created for an installment.
 * @example
 * import { BankSlipInstallment } from 'qitech-installment-webhooks'
 * const installment_key = 'bc60ad8e-4dc1-4edc-8c5b-6df1b5c9415d'
 * // true: a Pix-only charge has no boleto line
 * BankSlipInstallment.is({ installment_key, due_date: '2024-07-17', total_amount: 216.97, digitable_line: null })
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
    /** The Pix charge: documented as the payment URL; the bank-slip example holds the "copia e cola" code. */
    qr_code_url: t.string,
    /** Principal amortized by the installment. */
    principal_amortization_amount: Amount,
    /** Pre-fixed interest part. */
    pre_fixed_amount: Amount,
    /** Key of the bank slip (boleto). */
    bank_slip_key: t.string,
    /** The due date moved to a business day, as QI Tech's "generate bank slip or Pix" response carries it. */
    business_due_date: IsoDate,
  },
  isCharge,
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
    installments: /* @__PURE__ */ listOf(BankSlipInstallment, 'BankSlipInstallments'),
  },
  {
    /** As on a status change: whether the installment has finished (not in QI Tech's example of this variant). */
    is_finished: t.boolean,
  },
  isBankSlipUpdateData,
)
/** `data` of a bank-slip update. */
export interface InstallmentBankSlipUpdateData extends t.TypeOf<typeof InstallmentBankSlipUpdateData> {}

/**
 * A bank-slip update: QI Tech created a boleto or Pix charge for one or more installments.
 * @example
 * import { InstallmentBankSlipUpdateWebhook } from 'qitech-installment-webhooks'
 * declare const body: unknown
 * if (InstallmentBankSlipUpdateWebhook.is(body)) console.log(body.data.installments.length)
 */
export const InstallmentBankSlipUpdateWebhook = /* @__PURE__ */ webhookEnvelope(
  'InstallmentBankSlipUpdateWebhook',
  InstallmentBankSlipUpdateData,
  isBankSlipUpdateWebhook,
)
/** A bank-slip update webhook. */
export interface InstallmentBankSlipUpdateWebhook extends t.TypeOf<typeof InstallmentBankSlipUpdateWebhook> {}
