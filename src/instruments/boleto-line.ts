import type { Either } from 'fp-ts/Either'
import { isIsoDate } from '../dates'
import { right } from '../either'
import { type InstrumentError, instrumentFailure } from './instrument-error'

/** What a bank boleto's typed line (linha digitável) says. */
export interface BoletoLine {
  /** The 47 digits of the line, without dots or spaces. */
  readonly line: string
  /** The 44-digit barcode the line encodes, as a scanner reads it from the bars. */
  readonly barcode: string
  /** The issuing bank's 3-digit COMPE code, e.g. `329` (QI SCD). */
  readonly bankCode: string
  /** The currency code: `9` for reais, `0` for another currency. */
  readonly currencyCode: string
  /** The due-date factor as written: days since 1997-10-07, restarted at 1000 on 2025-02-22; `0` for none. */
  readonly dueDateFactor: number
  /** The due date as `YYYY-MM-DD`: of the dates the factor names, the one nearest to `near`; `null` for factor 0. */
  readonly dueDate: string | null
  /** The amount in centavos; `null` when the line carries zero, which leaves the amount to the payer. */
  readonly amountMinor: number | null
}

/** Options of {@link parseBoletoLine}. */
export interface ParseBoletoLineOptions {
  /**
   * A `YYYY-MM-DD` date near the boleto's due date, typically the installment's `due_date`: each factor names a date
   * every 9,000 days (about 24.6 years), and the one nearest to `near` is taken.
   */
  readonly near: string
}

const MAX_LINE_CHARS = 100
const DAY_MS = 86_400_000
// FEBRABAN's base date: factor 1000 is 2000-07-03, 9999 is 2025-02-21, and the next day restarts at 1000.
const BASE_DAY = Date.UTC(1997, 9, 7) / DAY_MS
const CYCLE_DAYS = 9000

const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** The date factor `factor` names nearest to `near`: factor + 9,000k days after the base, for the best k ≥ 0. */
const dueDateOf = (factor: number, near: string): string | null => {
  if (factor === 0) return null
  // Below 1000 a factor was written only in the first cycle (1997-10-08 to 2000-07-02).
  if (factor < 1000) return dateOf(BASE_DAY + factor)
  const cycle = Math.max(0, Math.round((Date.parse(near) / DAY_MS - BASE_DAY - factor) / CYCLE_DAYS))
  return dateOf(BASE_DAY + factor + cycle * CYCLE_DAYS)
}

const digitAt = (s: string, i: number): number => s.charCodeAt(i) - 48

/** Mod 10 over `s[from, to)`: weights 2, 1, 2, ... from the right, each product's digits summed. */
const mod10 = (s: string, from: number, to: number): number => {
  let sum = 0
  for (let i = to - 1, weight = 2; i >= from; i--, weight = 3 - weight) {
    const product = digitAt(s, i) * weight
    sum += product > 9 ? product - 9 : product
  }
  return (10 - (sum % 10)) % 10
}

/** Mod 11 over the barcode without its check digit (position 4): weights 2 to 9 from the right; 0, 10, 11 give 1. */
const mod11 = (barcode: string): number => {
  let sum = 0
  for (let i = 43, weight = 2; i >= 0; i--) {
    if (i === 4) continue
    sum += digitAt(barcode, i) * weight
    weight = weight === 9 ? 2 : weight + 1
  }
  const digit = 11 - (sum % 11)
  return digit > 9 ? 1 : digit
}

// Field 1 is line[0, 9) with its digit at 9, field 2 is [10, 20) with 20, field 3 is [21, 31) with 31.
const FIELDS = [
  { from: 0, to: 9 },
  { from: 10, to: 20 },
  { from: 21, to: 31 },
] as const

/**
 * Reads a bank boleto's 47-digit typed line (linha digitável): checks the mod 10 digits of its three first fields
 * and the mod 11 general digit over the 44-digit barcode, then returns the bank, the amount in centavos and the due
 * date. Dots, spaces and hyphens are allowed anywhere. Pure; never throws.
 *
 * The due date is a factor of days since 1997-10-07 that restarted at 1000 on 2025-02-22, so each factor names two
 * dates 9,000 days apart (2024-07-03 and 2049-02-22 for 9766): the one nearest to `near` is taken. The check digits
 * catch every single changed digit in fields 1 to 3 and in the general digit; in field 5 (due-date factor and
 * amount, covered only by the general digit) FEBRABAN's rule writes remainders 0, 1 and 10 all as 1, so a few
 * changes there go unseen. Compare the amount and due date with the installment's: {@link checkBankSlipInstallment}.
 *
 * A 48-digit collection line (starting with 8, for utility bills and taxes) gives `COLLECTION_LINE`.
 * @example
 * import { parseBoletoLine } from 'qitech-installment-webhooks/instruments'
 * const boleto = parseBoletoLine('32990001455000000000503007797909797660000100000', { near: '2024-07-17' })
 * if (boleto._tag === 'Right') console.log(boleto.right.dueDate, boleto.right.amountMinor) // '2024-07-03' 100000
 * else console.log(boleto.left.code) // e.g. 'INVALID_CHECK_DIGIT'
 */
export const parseBoletoLine = (line: string, options: ParseBoletoLineOptions): Either<InstrumentError, BoletoLine> => {
  const near: unknown = typeof options === 'object' && options !== null ? options.near : undefined
  if (typeof near !== 'string' || !isIsoDate(near)) return instrumentFailure('INVALID_OPTIONS', 'near must be a YYYY-MM-DD date')
  if (typeof line !== 'string') return instrumentFailure('INVALID_FORMAT', 'a boleto line must be a string')
  if (line.length > MAX_LINE_CHARS) return instrumentFailure('TOO_LONG', `a boleto line has at most ${MAX_LINE_CHARS} characters`)
  if (!/^[\d .-]*$/.test(line)) return instrumentFailure('INVALID_FORMAT', 'a boleto line holds only digits, dots, spaces and hyphens')
  const digits = line.replace(/[ .-]/g, '')
  if (digits.length === 48 && digits.startsWith('8')) {
    return instrumentFailure('COLLECTION_LINE', 'a 48-digit line starting with 8 is a collection (arrecadação) slip, not a bank boleto')
  }
  if (digits.length !== 47) {
    return instrumentFailure('INVALID_FORMAT', `a bank boleto line has 47 digits; this one has ${digits.length}`)
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const { from, to } = FIELDS[i]
    if (mod10(digits, from, to) !== digitAt(digits, to)) {
      return instrumentFailure('INVALID_CHECK_DIGIT', `the check digit of field ${i + 1} does not match its digits`, String(i + 1))
    }
  }
  const barcode = digits.slice(0, 4) + digits.slice(32) + digits.slice(4, 9) + digits.slice(10, 20) + digits.slice(21, 31)
  if (mod11(barcode) !== digitAt(barcode, 4)) {
    return instrumentFailure('INVALID_CHECK_DIGIT', 'the general check digit (field 4) does not match the barcode', '4')
  }
  const dueDateFactor = Number(digits.slice(33, 37))
  const amount = Number(digits.slice(37))
  return right({
    line: digits,
    barcode,
    bankCode: digits.slice(0, 3),
    currencyCode: digits.charAt(3),
    dueDateFactor,
    dueDate: dueDateOf(dueDateFactor, near),
    amountMinor: amount === 0 ? null : amount,
  })
}
