import type { Either } from 'fp-ts/Either'
import { left, right } from '../either'
import { errorMessage } from '../errors'
import { describeValue } from '../report'

/** Options of {@link amountToMinorUnits}. */
export interface AmountToMinorUnitsOptions {
  /** Decimal places in one major unit: 2 (the default) gives centavos; an integer from 0 to 20. */
  readonly scale?: number
  /**
   * How an amount with more decimals than `scale` is converted. Required: a rounding rule is a booking decision,
   * never guessed. An amount between two minor units goes to the nearest; exactly halfway:
   * - `half-even`: to the even neighbour (banker's rounding): `0.125` gives `12` centavos, `0.135` gives `14`;
   * - `half-up`: away from zero, as decimal.js's `ROUND_HALF_UP` and Java's `HALF_UP` do: `0.125` gives `13`,
   *   `-0.125` gives `-13` (unlike `Math.round`, which rounds `-0.5` up to `-0`).
   *
   * `exact` never rounds: an amount with more decimals than `scale` (`10.005` at scale 2) is an `INEXACT_AMOUNT` error.
   */
  readonly rounding: 'half-even' | 'half-up' | 'exact'
}

/**
 * Why an amount could not be converted:
 * - `NOT_A_FINITE_NUMBER`: the amount is `NaN`, `Infinity`, or not a number at all;
 * - `UNSAFE_INTEGER`: the amount in minor units is beyond `Number.MAX_SAFE_INTEGER` (2^53 - 1), where a `number`
 *   no longer holds every integer; keep it as text with {@link amountToDecimalString} instead;
 * - `INEXACT_AMOUNT`: with `rounding: 'exact'`, the amount has more decimals than `scale`;
 * - `INVALID_OPTIONS`: `rounding` is missing or unknown, or `scale` is not an integer from 0 to 20.
 */
export type AmountConversionErrorCode = 'NOT_A_FINITE_NUMBER' | 'UNSAFE_INTEGER' | 'INEXACT_AMOUNT' | 'INVALID_OPTIONS'

/** The error value of {@link amountToMinorUnits} and {@link amountToDecimalString}. */
export interface AmountConversionError {
  /** Why the amount could not be converted. */
  readonly code: AmountConversionErrorCode
  /** What went wrong and what to do, prefixed with the package name; it never contains the amount. */
  readonly message: string
  /** The amount as it was given, so nothing is lost. */
  readonly amount: unknown
}

const failure = (code: AmountConversionErrorCode, text: string, amount: unknown): Either<AmountConversionError, never> =>
  left({ code, message: errorMessage(code, text), amount })

const notFinite = (amount: unknown): Either<AmountConversionError, never> =>
  failure('NOT_A_FINITE_NUMBER', `the amount must be a finite number, received ${describeValue(amount)}`, amount)

/**
 * `amount` as `0.<digits> × 10^point` (`digits` without leading zeros, `''` for zero), from the shortest text that
 * reads back as it, which ECMAScript defines exactly: for a JSON number of up to 15 significant digits, the text sent.
 */
const decimalDigitsOf = (amount: number) => {
  const [mantissa, exponent = '0'] = String(Math.abs(amount)).split('e')
  const [whole, fraction = ''] = mantissa.split('.')
  const digits = (whole + fraction).replace(/^0+/, '')
  return { negative: amount < 0, digits, point: digits.length - fraction.length + Number(exponent) }
}

/**
 * Converts an amount in major units (reais, as QI Tech sends it) to an integer number of minor units (centavos by
 * default), exactly: it works from the amount's decimal text, never from `amount * 10 ** scale`, so `1.005` is
 * `101` centavos half-up where `Math.round(1.005 * 100)` gives `100`. Never throws.
 *
 * QI Tech sends amounts with up to 8 decimals (`tax_amount: 5.11785875`); choose a `scale` and a `rounding` that
 * match how the amount is booked, or `rounding: 'exact'` to refuse an amount that does not fit the scale.
 * @example
 * import { amountToMinorUnits } from 'qitech-installment-webhooks/delivery'
 * const centavos = amountToMinorUnits(5.11785875, { rounding: 'half-even' })
 * if (centavos._tag === 'Right') console.log(centavos.right) // 512
 * else console.log(centavos.left.code) // 'UNSAFE_INTEGER', 'NOT_A_FINITE_NUMBER' or 'INVALID_OPTIONS'
 * const paid = amountToMinorUnits(10.005, { rounding: 'exact' })
 * if (paid._tag === 'Left') console.log(paid.left.code) // 'INEXACT_AMOUNT': set the payment aside for review
 */
export const amountToMinorUnits = (
  amount: number,
  options: AmountToMinorUnitsOptions,
): Either<AmountConversionError, number> => {
  const scale: unknown = typeof options === 'object' && options !== null ? (options.scale ?? 2) : undefined
  const rounding: unknown = typeof options === 'object' && options !== null ? options.rounding : undefined
  if (rounding !== 'half-even' && rounding !== 'half-up' && rounding !== 'exact') {
    return failure('INVALID_OPTIONS', "rounding must be 'half-even', 'half-up' or 'exact'", amount)
  }
  if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > 20) {
    return failure('INVALID_OPTIONS', `scale must be an integer from 0 to 20`, amount)
  }
  if (!Number.isFinite(amount)) return notFinite(amount)

  const { negative, digits, point } = decimalDigitsOf(amount)
  if (digits === '') return right(0)
  const cut = point + scale
  const kept = cut <= 0 ? '' : digits.slice(0, cut).padEnd(cut, '0')
  const dropped = cut < 0 ? '' : digits.slice(cut)
  if (rounding === 'exact' && (cut < 0 || /[1-9]/.test(dropped))) {
    const text = `the amount has more than ${scale} decimals; book it at a larger scale, or set it aside for review`
    return failure('INEXACT_AMOUNT', text, amount)
  }
  const lastKeptOdd = Number(kept.slice(-1)) % 2 === 1
  // Exactly halfway, the rounding rule decides; otherwise the first digit dropped does.
  const roundsAway = /^50*$/.test(dropped) ? rounding === 'half-up' || lastKeptOdd : Number(dropped.charAt(0)) >= 5
  // `kept` has no leading zero: beyond 16 digits it is above 2^53; up to 16 it converts exactly, or above the limit.
  const magnitude = kept.length > 16 ? Infinity : Number(kept) + (roundsAway ? 1 : 0)
  if (magnitude > Number.MAX_SAFE_INTEGER) {
    const text = `the amount in minor units at scale ${scale} is beyond Number.MAX_SAFE_INTEGER; keep it as text with amountToDecimalString`
    return failure('UNSAFE_INTEGER', text, amount)
  }
  return right(negative && magnitude !== 0 ? -magnitude : magnitude)
}

/**
 * The amount as plain decimal text, with no exponent: for a JSON number of up to 15 significant digits, exactly
 * the text QI Tech sent, without trailing zeros (`141.07452576`, `1e-7` as `0.0000001`). Store it in a decimal
 * column (Postgres `numeric`) to keep every digit. Longer numbers give the shortest text that reads back as the
 * same number. Never throws.
 * @example
 * import { amountToDecimalString } from 'qitech-installment-webhooks/delivery'
 * const text = amountToDecimalString(141.07452576)
 * if (text._tag === 'Right') console.log(text.right) // '141.07452576'
 */
export const amountToDecimalString = (amount: number): Either<AmountConversionError, string> => {
  if (!Number.isFinite(amount)) return notFinite(amount)
  const { negative, digits, point } = decimalDigitsOf(amount)
  if (digits === '') return right('0')
  const sign = negative ? '-' : ''
  if (point <= 0) return right(`${sign}0.${'0'.repeat(-point)}${digits}`)
  if (point >= digits.length) return right(`${sign}${digits}${'0'.repeat(point - digits.length)}`)
  return right(`${sign}${digits.slice(0, point)}.${digits.slice(point)}`)
}
