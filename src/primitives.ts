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

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
// Date, `T` or space, time, optional fraction, optional `Z` or `±HH:MM` offset. Every part is fixed-width or a
// single `\d+` followed by a non-digit, so matching is linear in the input length.
const DATE_TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))?$/

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31

const isCalendarDay = (year: number, month: number, day: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)

/** True when `s` is a `YYYY-MM-DD` string naming a real calendar day. */
export const isIsoDate = (s: string): boolean => {
  const m = DATE_PATTERN.exec(s)
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))
}

/** True when `s` is a date, `T` or space, `HH:MM:SS`, an optional fraction and an optional `Z` or offset. */
export const isIsoDateTime = (s: string): boolean => {
  const m = DATE_TIME_PATTERN.exec(s)
  if (m === null || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return false
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false
  return m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59)
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

/** A value or `null`: QI Tech sends `null` for fields that do not apply yet. */
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
