import type { Either } from 'fp-ts/Either'
import { left } from '../either'
import { errorMessage } from '../errors'

/**
 * Why a boleto line, a Pix code or a bank-slip item could not be read:
 * - `TOO_LONG`: longer than any valid value (100 characters for a boleto line, 2,048 for a Pix code), so not read;
 * - `INVALID_FORMAT`: not a string, or not the shape of a 47-digit boleto line (digits, dots, spaces, hyphens) or of an
 *   EMV "copia e cola" code (fields of a two-digit ID, a two-digit length and a value, in printable ASCII, `00`
 *   first and the CRC `63` last, each ID once);
 * - `COLLECTION_LINE`: a 48-digit collection (arrecadação) line starting with 8, as utility bills and taxes use, not
 *   a bank boleto;
 * - `INVALID_CHECK_DIGIT`: a boleto check digit does not match (`field` says which: `1`, `2`, `3`, or `4` for the
 *   general digit over the barcode);
 * - `INVALID_CRC`: the Pix code's CRC (field 63) does not match its content;
 * - `NOT_PIX`: an EMV code with no `br.gov.bcb.pix` account template, or one with neither key nor location;
 * - `INVALID_FIELD`: a Pix field is missing or malformed (`field` gives its EMV ID, e.g. `54` for the amount);
 * - `INVALID_OPTIONS`: `near` is not a `YYYY-MM-DD` date;
 * - `INVALID_INSTALLMENT`: the bank-slip item has no `YYYY-MM-DD` `due_date` or no finite `total_amount`.
 */
export type InstrumentErrorCode =
  | 'TOO_LONG'
  | 'INVALID_FORMAT'
  | 'COLLECTION_LINE'
  | 'INVALID_CHECK_DIGIT'
  | 'INVALID_CRC'
  | 'NOT_PIX'
  | 'INVALID_FIELD'
  | 'INVALID_OPTIONS'
  | 'INVALID_INSTALLMENT'

/**
 * The error value of {@link parseBoletoLine}, {@link parsePixCode} and {@link checkBankSlipInstallment}.
 * @example
 * import { parseBoletoLine } from 'qitech-installment-webhooks/instruments'
 * const line = parseBoletoLine('32990001455000000000503007797909797660000100001', { near: '2024-07-17' })
 * if (line._tag === 'Left') console.log(line.left.code, line.left.field) // 'INVALID_CHECK_DIGIT' '4'
 */
export interface InstrumentError {
  /** Why the value could not be read. */
  readonly code: InstrumentErrorCode
  /** What went wrong, prefixed with the package name; it never contains the line, the code or an amount. */
  readonly message: string
  /** Where: the boleto field (`1` to `4`) of an `INVALID_CHECK_DIGIT`, the EMV ID of an `INVALID_FIELD`. */
  readonly field?: string
}

/** A Left with an {@link InstrumentError}. Internal. */
export const instrumentFailure = (code: InstrumentErrorCode, text: string, field?: string): Either<InstrumentError, never> =>
  left(field === undefined ? { code, message: errorMessage(code, text) } : { code, message: errorMessage(code, text), field })
