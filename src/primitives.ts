import * as t from 'io-ts'

/** Brand carried by {@link IsoDate}. */
export interface IsoDateBrand {
  /** Present only in the type: marks a value that passed the {@link IsoDate} check. */
  readonly IsoDate: unique symbol
}

/** Brand carried by {@link IsoDateTime}. */
export interface IsoDateTimeBrand {
  /** Present only in the type: marks a value that passed the {@link IsoDateTime} check. */
  readonly IsoDateTime: unique symbol
}

/** Brand carried by {@link NonEmptyString}. */
export interface NonEmptyStringBrand {
  /** Present only in the type: marks a value that passed the {@link NonEmptyString} check. */
  readonly NonEmptyString: unique symbol
}

/** Brand carried by {@link Amount}. */
export interface AmountBrand {
  /** Present only in the type: marks a value that passed the {@link Amount} check. */
  readonly Amount: unique symbol
}

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31

// The scanners below read character codes instead of running a regular expression: every valid delivery checks
// several dates, and a match array per date would cost more than the rest of the validation. They read each
// character at most once, so any input is checked in time linear in its length, and they allocate nothing.
const ZERO = 48
const HYPHEN = 45
const COLON = 58
const DOT = 46
const PLUS = 43
const UPPER_T = 84
const UPPER_Z = 90
const SPACE = 32

/** The digit at `i` as a number; any other character (or none) gives a value outside 0-9, or NaN. */
const digitAt = (s: string, i: number): number => s.charCodeAt(i) - ZERO

const isDigit = (d: number): boolean => d >= 0 && d <= 9

/** True when `s` starts with `YYYY-MM-DD` naming a real calendar day (anything may follow). */
const startsWithDate = (s: string): boolean => {
  const y0 = digitAt(s, 0)
  const y1 = digitAt(s, 1)
  const y2 = digitAt(s, 2)
  const y3 = digitAt(s, 3)
  const m0 = digitAt(s, 5)
  const m1 = digitAt(s, 6)
  const d0 = digitAt(s, 8)
  const d1 = digitAt(s, 9)
  const digits =
    isDigit(y0) && isDigit(y1) && isDigit(y2) && isDigit(y3) && isDigit(m0) && isDigit(m1) && isDigit(d0) && isDigit(d1)
  const month = m0 * 10 + m1
  const day = d0 * 10 + d1
  return (
    digits &&
    s.charCodeAt(4) === HYPHEN &&
    s.charCodeAt(7) === HYPHEN &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    // Every month has 28 days: the calendar is only consulted for the 29th to the 31st.
    (day <= 28 || day <= daysInMonth(y0 * 1000 + y1 * 100 + y2 * 10 + y3, month))
  )
}

/**
 * True when `s` is a `YYYY-MM-DD` string naming a real calendar day.
 * @example
 * import { isIsoDate } from 'qitech-installment-webhooks'
 * isIsoDate('2024-02-29') // true; '2023-02-29' is false
 */
export const isIsoDate = (s: string): boolean => s.length === 10 && startsWithDate(s)

/**
 * True when `s` is a date, `T` or space, `HH:MM:SS`, an optional fraction and an optional `Z` or offset.
 * @example
 * import { isIsoDateTime } from 'qitech-installment-webhooks'
 * isIsoDateTime('2026-02-13 20:38:07') // true; '2022-09-27T24:00:00' is false
 */
export const isIsoDateTime = (s: string): boolean => {
  const length = s.length
  if (length < 19 || !startsWithDate(s)) return false
  const separator = s.charCodeAt(10)
  const h0 = digitAt(s, 11)
  const h1 = digitAt(s, 12)
  const m0 = digitAt(s, 14)
  const m1 = digitAt(s, 15)
  const s0 = digitAt(s, 17)
  const s1 = digitAt(s, 18)
  const clock =
    (separator === UPPER_T || separator === SPACE) &&
    s.charCodeAt(13) === COLON &&
    s.charCodeAt(16) === COLON &&
    isDigit(h0) &&
    isDigit(h1) &&
    isDigit(m1) &&
    isDigit(s1) &&
    h0 * 10 + h1 <= 23 &&
    m0 >= 0 &&
    m0 <= 5 &&
    s0 >= 0 &&
    s0 <= 5
  if (!clock) return false
  if (length === 19) return true
  let i = 19
  if (s.charCodeAt(i) === DOT) {
    const first = ++i
    while (i < length && isDigit(digitAt(s, i))) i++
    if (i === first) return false
    if (i === length) return true
  }
  const zone = s.charCodeAt(i)
  if (zone === UPPER_Z) return i + 1 === length
  if ((zone !== PLUS && zone !== HYPHEN) || i + 6 !== length || s.charCodeAt(i + 3) !== COLON) return false
  const oh0 = digitAt(s, i + 1)
  const oh1 = digitAt(s, i + 2)
  const om0 = digitAt(s, i + 4)
  const om1 = digitAt(s, i + 5)
  return isDigit(oh0) && isDigit(oh1) && oh0 * 10 + oh1 <= 23 && om0 >= 0 && om0 <= 5 && isDigit(om1)
}

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

/**
 * A string-valued enumeration that stays open: the known values are typed for autocompletion, and any other
 * string still decodes, because QI Tech adds values without notice.
 * @example
 * import { OpenEnumType } from 'qitech-installment-webhooks'
 * const Channel = new OpenEnumType('Channel', ['api', 'portal'] as const)
 * Channel.is('whatsapp') // true; Channel.known lists 'api' and 'portal'
 */
export class OpenEnumType<K extends string> extends t.Type<K | (string & {}), string, unknown> {
  /** Tags the codec kind, as io-ts does for its own codecs. */
  readonly _tag = 'OpenEnumType' as const
  constructor(
    name: string,
    /** The values known when this version was published. */
    readonly known: ReadonlyArray<K>,
  ) {
    super(name, t.string.is, (u, c) => (typeof u === 'string' ? t.success(u) : t.failure(u, c)), t.identity)
  }
}

/**
 * Builds an {@link OpenEnumType}.
 * @example
 * import * as t from 'io-ts'
 * import { openEnum } from 'qitech-installment-webhooks'
 * const Color = openEnum(['red', 'blue'] as const, 'Color')
 * type Color = t.TypeOf<typeof Color> // 'red' | 'blue' | (string & {})
 * Color.is('green') // true
 */
export const openEnum = <K extends string>(known: ReadonlyArray<K>, name: string): OpenEnumType<K> =>
  new OpenEnumType(name, known)

/**
 * QI Tech's enumerator object, `{ "enumerator": "paid", "translation_path": "co.InstallmentStatus.paid" }`, with an
 * open `enumerator` value.
 * @example
 * import { enumerator } from 'qitech-installment-webhooks'
 * const Color = enumerator(['red', 'blue'] as const, 'ColorEnumerator')
 * Color.is({ enumerator: 'green', translation_path: 'co.Color.green' }) // true: unknown values decode
 */
export const enumerator = <K extends string>(known: ReadonlyArray<K>, name: string) =>
  t.intersection(
    [
      t.type({
        /** The value, e.g. `paid`; a value QI Tech added later is still a string. */
        enumerator: openEnum(known, `${name}Value`),
      }),
      t.partial({
        /** QI Tech's translation key for the value, e.g. `co.InstallmentStatus.paid`. */
        translation_path: t.union([t.string, t.null]),
      }),
    ],
    name,
  )

/**
 * A value or `null`: QI Tech sends `null` for fields that do not apply yet.
 * @example
 * import { nullable, IsoDate } from 'qitech-installment-webhooks'
 * const PaidAt = nullable(IsoDate)
 * PaidAt.is(null) // true
 */
export const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null], `${codec.name} | null`)

/** The optional props of {@link payloadObject}, each also accepting `null`. */
type NullableProps<P extends t.Props> = { [K in keyof P]: t.UnionC<[P[K], t.NullC]> }

const hasOwnProperty = Object.prototype.hasOwnProperty

const defineOwn = (target: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

// A copy with every own key as an own data property, as JSON.parse makes it. io-ts copies with assignment
// (`Object.assign`, `for...in`), which turns a JSON key "__proto__" into the copy's prototype.
const ownCopy = (u: Record<string, unknown>): Record<string, unknown> => {
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(u)) defineOwn(copy, key, u[key])
  return copy
}

/**
 * An object codec for one of QI Tech's payload objects: `required` keys must be present with their type;
 * `optional` keys may be absent or `null`, and are typed when present. Keys not listed are accepted and kept, and
 * the input object itself is returned (no copy), so the decoded value can be stored and re-sent as received. Only
 * when a property codec transforms its value is the object copied, and then every key, `__proto__` included, stays
 * an own property of a plain object.
 * @example
 * import * as t from 'io-ts'
 * import { payloadObject, IsoDate } from 'qitech-installment-webhooks'
 * const Charge = payloadObject('Charge', { due_date: IsoDate }, { note: t.string })
 * Charge.is({ due_date: '2024-07-17', note: null, added_later: 1 }) // true
 */
export const payloadObject = <R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) => {
  const nullableOptional = {} as NullableProps<O>
  for (const k of Object.keys(optional) as Array<keyof O>) {
    nullableOptional[k] = nullable(optional[k]) as NullableProps<O>[typeof k]
  }
  const Required = t.type(required, `${name}Required`)
  const Optional = t.partial(nullableOptional, `${name}Optional`)
  type A = t.TypeOf<typeof Required> & t.TypeOf<typeof Optional>
  type Out = t.OutputOf<typeof Required> & t.OutputOf<typeof Optional>
  const requiredProps: ReadonlyArray<[string, t.Mixed]> = Object.entries(required)
  const optionalProps: ReadonlyArray<[string, t.Mixed]> = Object.entries(nullableOptional)

  // io-ts's own `t.intersection` validation, with the same contexts (so failures keep their paths), except that a
  // transformed value is written to an `ownCopy`.
  const validate: t.Validate<unknown, A> = (u, c) => {
    if (!t.UnknownRecord.is(u)) return t.failure(u, c)
    const errors: t.ValidationError[] = []
    let copy: Record<string, unknown> | undefined
    const requiredContext = t.appendContext(c, '0', Required, u)
    for (const [key, codec] of requiredProps) {
      const value = u[key]
      const result = codec.validate(value, t.appendContext(requiredContext, key, codec, value))
      if (result._tag === 'Left') {
        for (const error of result.left) errors.push(error)
      } else if (result.right !== value || (value === undefined && !hasOwnProperty.call(u, key))) {
        defineOwn((copy ??= ownCopy(u)), key, result.right)
      }
    }
    const optionalContext = t.appendContext(c, '1', Optional, u)
    for (const [key, codec] of optionalProps) {
      const value = u[key]
      const result = codec.validate(value, t.appendContext(optionalContext, key, codec, value))
      if (result._tag === 'Left') {
        if (value !== undefined) for (const error of result.left) errors.push(error)
      } else if (result.right !== value) {
        defineOwn((copy ??= ownCopy(u)), key, result.right)
      }
    }
    return errors.length > 0 ? t.failures(errors) : t.success((copy ?? u) as A)
  }

  const encode = (a: A): Out => {
    const u = a as Record<string, unknown>
    let copy: Record<string, unknown> | undefined
    for (const [key, codec] of requiredProps) {
      const encoded: unknown = codec.encode(u[key])
      if (encoded !== u[key]) defineOwn((copy ??= ownCopy(u)), key, encoded)
    }
    for (const [key, codec] of optionalProps) {
      if (u[key] === undefined) continue
      const encoded: unknown = codec.encode(u[key])
      if (encoded !== u[key]) defineOwn((copy ??= ownCopy(u)), key, encoded)
    }
    return (copy ?? a) as Out
  }

  return new t.IntersectionType(
    name,
    (u): u is A => Required.is(u) && Optional.is(u),
    validate,
    encode,
    [Required, Optional],
  ) as t.IntersectionC<[t.TypeC<R>, t.PartialC<NullableProps<O>>]>
}
