import type { Either } from 'fp-ts/Either'
import { left, right } from '../either'
import { errorMessage } from '../errors'

/**
 * How {@link amountToMinorUnits} settles an amount that lies exactly halfway between two minor units:
 * - `half-even`: to the even neighbour (banker's rounding): `0.125` gives `12` centavos, `0.135` gives `14`;
 * - `half-up`: away from zero, as decimal.js's `ROUND_HALF_UP` and Java's `HALF_UP` do: `0.125` gives `13`,
 *   `-0.125` gives `-13` (unlike `Math.round`, which rounds `-0.5` up to `-0`).
 *
 * Amounts that are not halfway go to the nearest minor unit under both.
 */
export type AmountRounding = 'half-even' | 'half-up'

/** Options of {@link amountToMinorUnits}. */
export interface AmountToMinorUnitsOptions {
  /** Decimal places in one major unit: 2 (the default) gives centavos; an integer from 0 to 20. */
  readonly scale?: number
  /** How a halfway amount is rounded. Required: a rounding rule is a booking decision, never guessed. */
  readonly rounding: AmountRounding
}

/**
 * Why an amount could not be converted:
 * - `NOT_A_FINITE_NUMBER`: the amount is `NaN`, `Infinity`, or not a number at all;
 * - `UNSAFE_INTEGER`: the amount in minor units is beyond `Number.MAX_SAFE_INTEGER` (2^53 - 1), where a `number`
 *   no longer holds every integer; keep it as text with {@link amountToDecimalString} instead;
 * - `INVALID_OPTIONS`: `rounding` is missing or unknown, or `scale` is not an integer from 0 to 20.
 */
export type AmountConversionErrorCode = 'NOT_A_FINITE_NUMBER' | 'UNSAFE_INTEGER' | 'INVALID_OPTIONS'

/** The error value of {@link amountToMinorUnits} and {@link amountToDecimalString}. */
export interface AmountConversionError {
  /** Why the amount could not be converted. */
  readonly code: AmountConversionErrorCode
  /** What went wrong and what to do, prefixed with the package name; it never contains the amount. */
  readonly message: string
  /** The amount as it was given, so nothing is lost. */
  readonly amount: unknown
}

const MAX_SCALE = 20

const failure = (code: AmountConversionErrorCode, text: string, amount: unknown): Either<AmountConversionError, never> =>
  left({ code, message: errorMessage(code, text), amount })

const describeNonFinite = (amount: unknown): string =>
  typeof amount === 'number' ? String(amount) : amount === null ? 'null' : typeof amount

/** An amount as decimal digits: its value is `0.<digits> × 10^point`, negated when `negative`. */
interface DecimalDigits {
  readonly negative: boolean
  /** Significant digits, without leading zeros; `''` for zero. */
  readonly digits: string
  /** Where the decimal point falls: the number of digits before it (negative or beyond `digits` when zeros pad). */
  readonly point: number
}

/**
 * The digits of the shortest decimal text that reads back as `amount`, which ECMAScript's `Number.prototype.toString`
 * defines exactly (the same in every engine). For a JSON number of up to 15 significant digits this is the text
 * that was sent, without trailing zeros; `amount * 100` is not, since `1.005 * 100` is `100.49999999999999`.
 */
const decimalDigitsOf = (amount: number): DecimalDigits => {
  const [mantissa, exponent = '0'] = String(Math.abs(amount)).split('e')
  const [whole, fraction = ''] = mantissa.split('.')
  const all = whole + fraction
  const leadingZeros = all.length - all.replace(/^0+/, '').length
  const digits = all.slice(leadingZeros)
  return { negative: amount < 0 && digits !== '', digits, point: whole.length + Number(exponent) - leadingZeros }
}

const isNonFinite = (amount: unknown): boolean => typeof amount !== 'number' || !Number.isFinite(amount)

const NOT_FINITE_TEXT = 'the amount must be a finite number'

/**
 * Converts an amount in major units (reais, as QI Tech sends it) to an integer number of minor units (centavos by
 * default), exactly: it works from the amount's decimal text, never from `amount * 10 ** scale`, so `1.005` is
 * `101` centavos half-up where `Math.round(1.005 * 100)` gives `100`. Never throws.
 *
 * QI Tech sends amounts with up to 8 decimals (`tax_amount: 5.11785875`); choose a `scale` and a `rounding` that
 * match how the amount is booked.
 * @example
 * import { amountToMinorUnits } from 'qitech-installment-webhooks/delivery'
 * const centavos = amountToMinorUnits(5.11785875, { rounding: 'half-even' })
 * if (centavos._tag === 'Right') console.log(centavos.right) // 512
 * else console.log(centavos.left.code) // 'UNSAFE_INTEGER', 'NOT_A_FINITE_NUMBER' or 'INVALID_OPTIONS'
 */
export const amountToMinorUnits = (
  amount: number,
  options: AmountToMinorUnitsOptions,
): Either<AmountConversionError, number> => {
  const scale: unknown = typeof options === 'object' && options !== null ? (options.scale ?? 2) : undefined
  const rounding: unknown = typeof options === 'object' && options !== null ? options.rounding : undefined
  if (rounding !== 'half-even' && rounding !== 'half-up') {
    return failure('INVALID_OPTIONS', "rounding must be 'half-even' or 'half-up'", amount)
  }
  if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) {
    return failure('INVALID_OPTIONS', `scale must be an integer from 0 to ${MAX_SCALE}`, amount)
  }
  if (isNonFinite(amount)) return failure('NOT_A_FINITE_NUMBER', `${NOT_FINITE_TEXT}, received ${describeNonFinite(amount)}`, amount)

  const { negative, digits, point } = decimalDigitsOf(amount)
  if (digits === '') return right(0)
  const cut = point + scale
  // The digits kept (the integer part in minor units) and the first digit dropped, which decides the rounding.
  const kept = cut <= 0 ? '' : digits.slice(0, cut).padEnd(cut, '0')
  const dropped = cut < 0 ? '' : digits.slice(Math.max(cut, 0))
  const firstDropped = cut < 0 ? 0 : Number(dropped.charAt(0) || '0')
  const onlyFirstDropped = /^.0*$/.test(dropped)
  const lastKeptOdd = kept !== '' && Number(kept.charAt(kept.length - 1)) % 2 === 1
  const roundsAway =
    firstDropped > 5 ||
    (firstDropped === 5 && (!onlyFirstDropped || rounding === 'half-up' || lastKeptOdd))
  // `kept` starts with a non-zero digit: more than 16 digits are beyond 2^53; 16 digits or fewer convert exactly,
  // or to a number above the limit when they are above it.
  const magnitude = kept.length > 16 ? Infinity : Number(kept || '0') + (roundsAway ? 1 : 0)
  if (magnitude > Number.MAX_SAFE_INTEGER) {
    return failure(
      'UNSAFE_INTEGER',
      `the amount in minor units at scale ${scale} is beyond Number.MAX_SAFE_INTEGER; keep it as text with amountToDecimalString`,
      amount,
    )
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
  if (isNonFinite(amount)) return failure('NOT_A_FINITE_NUMBER', `${NOT_FINITE_TEXT}, received ${describeNonFinite(amount)}`, amount)
  const { negative, digits, point } = decimalDigitsOf(amount)
  if (digits === '') return right('0')
  const sign = negative ? '-' : ''
  if (point <= 0) return right(`${sign}0.${'0'.repeat(-point)}${digits}`)
  if (point >= digits.length) return right(`${sign}${digits}${'0'.repeat(point - digits.length)}`)
  return right(`${sign}${digits.slice(0, point)}.${digits.slice(point)}`)
}
