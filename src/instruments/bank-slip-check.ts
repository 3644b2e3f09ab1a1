import type { Either } from 'fp-ts/Either'
import type { BankSlipInstallment } from 'qitech-installment-webhooks'
import { isRecord } from '../combinators'
import { isIsoDate } from '../dates'
import { amountToMinorUnits } from '../delivery/money'
import { right } from '../either'
import { type BoletoLine, parseBoletoLine } from './boleto-line'
import { type InstrumentError, instrumentFailure } from './instrument-error'
import { type PixCode, parsePixCode } from './pix-code'

/**
 * One way a charge's instruments differ from its installment, worth a look before forwarding the charge:
 * - `boleto_amount`: the boleto's amount is not `total_amount` (`found` is `null` for a boleto with an open amount);
 * - `boleto_due_date`: the boleto's due date is neither `due_date` nor `business_due_date` (`null`: it has none);
 * - `pix_amount`: the Pix code carries an amount that is not `total_amount`.
 *
 * Amounts are in centavos, `total_amount` rounded half-even to centavos; dates are `YYYY-MM-DD`.
 */
export type BankSlipInstallmentDifference =
  | {
      /** The boleto's amount differs. */
      readonly kind: 'boleto_amount'
      /** `total_amount` in centavos. */
      readonly expected: number
      /** The boleto's amount in centavos; `null` when the payer types it. */
      readonly found: number | null
    }
  | {
      /** The boleto's due date differs. */
      readonly kind: 'boleto_due_date'
      /** The installment's `due_date`. */
      readonly expected: string
      /** The boleto's due date; `null` when it has none. */
      readonly found: string | null
    }
  | {
      /** The Pix code's amount differs. */
      readonly kind: 'pix_amount'
      /** `total_amount` in centavos. */
      readonly expected: number
      /** The Pix code's amount in centavos. */
      readonly found: number
    }

/** What {@link checkBankSlipInstallment} found in one bank-slip item. */
export interface BankSlipInstallmentCheck {
  /** The boleto read from `digitable_line`, or why it could not be; `null` when the item has no line. */
  readonly boleto: Either<InstrumentError, BoletoLine> | null
  /** The Pix code or URL read from `qr_code_url`, or why it could not be; `null` when the item has none. */
  readonly pix: Either<InstrumentError, PixCode> | null
  /** How the instruments that could be read differ from the installment; empty when they agree. */
  readonly differences: ReadonlyArray<BankSlipInstallmentDifference>
}

/** The fields the check reads, each read once: a getter or a Proxy trap that throws leaves them all absent. */
const fieldsOf = (item: BankSlipInstallment): Partial<BankSlipInstallment> => {
  try {
    if (!isRecord(item)) return {}
    const { due_date, business_due_date, total_amount, digitable_line, qr_code_url } = item
    return { due_date, business_due_date, total_amount, digitable_line, qr_code_url }
  } catch {
    return {}
  }
}

/**
 * Reads the boleto line and the Pix code of one `data.installments[]` item of a bank-slip update and lists how they
 * differ from the installment: the boleto's amount and the Pix amount against `total_amount`, the boleto's due
 * date against `due_date` (or `business_due_date`). A difference is a value in a list, never an error: QI Tech's
 * own example has two. Pure; never throws.
 *
 * Check before forwarding a charge to the borrower: a line or code that does not read (`boleto` or `pix` is a Left)
 * or that names another amount or date is refused or misapplied by the bank on the due date.
 * @example
 * import { decodeInstallmentWebhook, isInstallmentBankSlipUpdate } from 'qitech-installment-webhooks'
 * import { checkBankSlipInstallment } from 'qitech-installment-webhooks/instruments'
 * declare const body: string
 * const webhook = decodeInstallmentWebhook(body)
 * if (webhook._tag === 'Right' && isInstallmentBankSlipUpdate(webhook.right)) {
 *   for (const item of webhook.right.data.installments) {
 *     const check = checkBankSlipInstallment(item)
 *     const readable = check._tag === 'Right' && check.right.boleto?._tag !== 'Left' && check.right.pix?._tag !== 'Left'
 *     if (!readable || check.right.differences.length > 0) console.log('hold', item.installment_key)
 *   }
 * }
 */
export const checkBankSlipInstallment = (item: BankSlipInstallment): Either<InstrumentError, BankSlipInstallmentCheck> => {
  const fields = fieldsOf(item)
  const dueDate: unknown = fields.due_date
  const total = amountToMinorUnits(fields.total_amount ?? NaN, { rounding: 'half-even' })
  if (typeof dueDate !== 'string' || !isIsoDate(dueDate) || total._tag === 'Left') {
    return instrumentFailure('INVALID_INSTALLMENT', 'a bank-slip item has a YYYY-MM-DD due_date and a finite total_amount')
  }
  const expected = total.right
  const boleto = typeof fields.digitable_line === 'string' ? parseBoletoLine(fields.digitable_line, { near: dueDate }) : null
  const pix = typeof fields.qr_code_url === 'string' ? parsePixCode(fields.qr_code_url) : null
  const differences: BankSlipInstallmentDifference[] = []
  if (boleto?._tag === 'Right') {
    const { amountMinor, dueDate: found } = boleto.right
    if (amountMinor !== expected) differences.push({ kind: 'boleto_amount', expected, found: amountMinor })
    if (found !== dueDate && found !== fields.business_due_date) differences.push({ kind: 'boleto_due_date', expected: dueDate, found })
  }
  if (pix?._tag === 'Right' && pix.right.kind === 'br-code' && pix.right.amountMinor !== null && pix.right.amountMinor !== expected) {
    differences.push({ kind: 'pix_amount', expected, found: pix.right.amountMinor })
  }
  return right({ boleto, pix, differences })
}
