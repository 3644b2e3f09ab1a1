import * as t from 'io-ts'
import { isAbsent } from './combinators'
import { isIsoDate, isIsoDateTime } from './dates'

// The brands of the branded codecs below: each property exists only in the type, marking a value that passed the
// codec's check.
export interface IsoDateBrand { readonly IsoDate: unique symbol }
export interface IsoDateTimeBrand { readonly IsoDateTime: unique symbol }
export interface NonEmptyStringBrand { readonly NonEmptyString: unique symbol }
export interface AmountBrand { readonly Amount: unique symbol }

/**
 * A calendar date as QI Tech sends it, `YYYY-MM-DD`; it stays a string so the payload can be stored as received.
 * @example
 * import { isRight } from 'fp-ts/Either'
 * import { IsoDate } from 'qitech-installment-webhooks'
 * isRight(IsoDate.decode('2022-10-28')) // true; '2023-02-30' is rejected
 */
export const IsoDate = /* @__PURE__ */ t.brand(t.string, (s): s is t.Branded<string, IsoDateBrand> => isIsoDate(s), 'IsoDate')
/** A `YYYY-MM-DD` string that names a real calendar day. */
export type IsoDate = t.TypeOf<typeof IsoDate>

/**
 * A date and time as QI Tech sends it, `2022-09-27T07:03:35` (QI Tech gives no zone; some of its webhooks use a
 * space instead of `T`); it stays a string.
 * @example
 * import { isRight } from 'fp-ts/Either'
 * import { IsoDateTime } from 'qitech-installment-webhooks'
 * isRight(IsoDateTime.decode('2022-09-27T07:03:35')) // true; '2022-09-27T24:00:00' is rejected
 */
export const IsoDateTime = /* @__PURE__ */ t.brand(
  t.string,
  (s): s is t.Branded<string, IsoDateTimeBrand> => isIsoDateTime(s),
  'IsoDateTime',
)
/** A date-time string with valid calendar and clock values. */
export type IsoDateTime = t.TypeOf<typeof IsoDateTime>

/**
 * A string with at least one character, used for keys (QI Tech sends UUIDs, but does not promise their format).
 * @example
 * import { isRight } from 'fp-ts/Either'
 * import { NonEmptyString } from 'qitech-installment-webhooks'
 * isRight(NonEmptyString.decode('')) // false
 */
export const NonEmptyString = /* @__PURE__ */ t.brand(
  t.string,
  (s): s is t.Branded<string, NonEmptyStringBrand> => s.length > 0,
  'NonEmptyString',
)
/** A string with at least one character. */
export type NonEmptyString = t.TypeOf<typeof NonEmptyString>

/**
 * A money amount as QI Tech sends it: a finite JSON number with up to 8 decimals (`141.07452576`), not cents.
 * `1e400`, which `JSON.parse` turns into `Infinity`, is rejected.
 * @example
 * import { isRight } from 'fp-ts/Either'
 * import { Amount } from 'qitech-installment-webhooks'
 * isRight(Amount.decode(1009.68)) // true; Infinity and NaN are rejected
 */
export const Amount = /* @__PURE__ */ t.brand(t.number, (n): n is t.Branded<number, AmountBrand> => Number.isFinite(n), 'Amount')
/** A finite number. */
export type Amount = t.TypeOf<typeof Amount>

// The same rules as plain predicates over `unknown`, for the variants' hand-written guards (`status-change.ts`,
// `bank-slip-update.ts`), and io-ts's `t.Int`. Internal.
export const isIsoDateValue = (u: unknown): boolean => typeof u === 'string' && isIsoDate(u)
export const isIsoDateTimeValue = (u: unknown): boolean => typeof u === 'string' && isIsoDateTime(u)
export const isNonEmptyStringValue = (u: unknown): boolean => typeof u === 'string' && u.length > 0
export const isAmountValue = (u: unknown): boolean => typeof u === 'number' && Number.isFinite(u)
export const isIntValue = (u: unknown): boolean => typeof u === 'number' && Number.isInteger(u)

// The same rules for an optional field, which may also be absent or `null` (see `payloadObject`).
export const isOptionalAmount = (u: unknown): boolean => isAbsent(u) || isAmountValue(u)
export const isOptionalIsoDate = (u: unknown): boolean => isAbsent(u) || isIsoDateValue(u)
export const isOptionalIsoDateTime = (u: unknown): boolean => isAbsent(u) || isIsoDateTimeValue(u)
export const isOptionalString = (u: unknown): boolean => isAbsent(u) || typeof u === 'string'
export const isOptionalInt = (u: unknown): boolean => isAbsent(u) || isIntValue(u)
