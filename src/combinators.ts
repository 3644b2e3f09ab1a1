// The io-ts combinators the payload codecs are built from, and their bounded failure report. Internal.
import * as t from 'io-ts'

/** io-ts's `t.UnknownRecord` rule, written here rather than read through io-ts's getters on every object. */
export const isRecord = (u: unknown): u is Record<string, unknown> =>
  u !== null && typeof u === 'object' && !Array.isArray(u)

/** True for `undefined` and `null`: what an optional field of {@link payloadObject} may hold besides its type. */
export const isAbsent = (u: unknown): boolean => u === undefined || u === null

/**
 * A string-valued enumeration that stays open: the known values are typed for autocompletion, and any other string
 * still decodes, because QI Tech adds values without notice.
 */
export const openEnum = <K extends string>(known: ReadonlyArray<K>, name: string) =>
  Object.assign(
    new t.Type<K | (string & {}), string, unknown>(name, t.string.is, (u, c) => (typeof u === 'string' ? t.success(u) : t.failure(u, c)), t.identity),
    {
      /** The values known when this version was published. */
      known,
    },
  )

/**
 * QI Tech's enumerator object, `{ "enumerator": "paid", "translation_path": "co.InstallmentStatus.paid" }`, with an
 * open `enumerator` value.
 */
export const enumerator = <K extends string>(known: ReadonlyArray<K>, name: string) =>
  payloadObject(
    name,
    {
      /** The value, e.g. `paid`; a value QI Tech added later is still a string. */
      enumerator: openEnum(known, `${name}Value`),
    },
    {
      /** QI Tech's translation key for the value, e.g. `co.InstallmentStatus.paid`. */
      translation_path: t.string,
    },
    isEnumeratorValue,
  )

/** The rule of every {@link enumerator} codec, whatever its known values. */
export const isEnumeratorValue = (u: unknown): boolean => {
  if (!isRecord(u)) return false
  const path = u.translation_path
  return typeof u.enumerator === 'string' && (isAbsent(path) || typeof path === 'string')
}

/** The most issues an error lists; the rest are only counted. */
export const MAX_ISSUES = 100

/**
 * How much of a failing body's report is built: io-ts errors for the first {@link MAX_ISSUES} issues, then only the
 * count of the rest (`omitted`), so an error's memory is bounded by the limit, not by the body. It rides on the root
 * entry of the io-ts context, which every nested context shares, made there when the root has none.
 */
type Budget = { room: number; omitted: number }

/** The report's budget, made on the context's root entry when it has none. */
export const budgetOf = (c: t.Context): Budget => {
  const root = c[0] as t.ContextEntry & { budget?: Budget }
  return (root.budget ??= { room: MAX_ISSUES, omitted: 0 })
}

// The codecs built here that know how to count their own issues without building them.
const counters = new WeakMap<t.Mixed, (u: unknown) => number>()

/** The counter of a payload object or list, or of the one in a `T | null`. */
const counterOf = (codec: t.Mixed): ((u: unknown) => number) | undefined =>
  counters.get(codec) ?? counters.get((codec as Partial<t.UnionType<t.Mixed[]>>).types?.[0] as t.Mixed)

/** The issues `codec` would report for a value its `is` rejects: a field that is not a payload object or list has one. */
const issueCount = (codec: t.Mixed, u: unknown): number => counterOf(codec)?.(u) ?? 1

/** The failure of a payload object or list that is not an object or list: one issue, spent from the budget. */
const failWhole = <A>(u: unknown, c: t.Context): t.Validation<A> => {
  budgetOf(c).room -= 1
  return t.failure(u, c)
}

/**
 * Adds a failing field's errors to `errors` while the report has room, else only its count of issues. A field of a
 * payload object or list spends the budget itself, as it finds each failing leaf.
 */
const reportField = (errors: t.ValidationError[], codec: t.Mixed, u: unknown, context: () => t.Context, budget: Budget): void => {
  if (budget.room <= 0) {
    budget.omitted += issueCount(codec, u)
    return
  }
  const result = codec.validate(u, context())
  if (result._tag === 'Right') return
  for (const error of result.left) errors.push(error)
  if (counterOf(codec) === undefined) budget.room -= 1
}

/**
 * io-ts's `t.array`, with an `is` that reads every index as its `validate` does (io-ts's own `is` uses `every`, which
 * skips the holes of a sparse array that `validate` rejects), and a `validate` that reports within the budget.
 */
export const listOf = <C extends t.Mixed>(item: C, name: string) => {
  const codec = t.array(item, name)
  const is = (u: unknown): u is t.TypeOf<typeof codec> => {
    if (!Array.isArray(u)) return false
    for (let i = 0; i < u.length; i++) if (!item.is(u[i])) return false
    return true
  }
  const validate: t.Validate<unknown, t.TypeOf<typeof codec>> = (u, c) => {
    if (!Array.isArray(u)) return failWhole(u, c)
    const budget = budgetOf(c)
    const errors: t.ValidationError[] = []
    for (let i = 0; i < u.length; i++) {
      const value: unknown = u[i]
      if (!item.is(value)) reportField(errors, item, value, () => t.appendContext(c, String(i), item, value), budget)
    }
    return errors.length > 0 ? t.failures(errors) : t.success(u)
  }
  const list = new t.ArrayType(name, is, validate, codec.encode, item) as typeof codec
  counters.set(list, (u) => {
    if (!Array.isArray(u)) return 1
    let count = 0
    for (let i = 0; i < u.length; i++) if (!item.is(u[i])) count += issueCount(item, u[i])
    return count
  })
  return list
}

/** A value or `null`: QI Tech sends `null` for fields that do not apply yet. */
export const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null], `${codec.name} | null`)

/** The optional props of {@link payloadObject}, each also accepting `null`. */
export type NullableProps<P extends t.Props> = { [K in keyof P]: t.UnionC<[P[K], t.NullC]> }

/**
 * An object codec for one of QI Tech's payload objects: `required` keys must be present with their type;
 * `optional` keys may be absent or `null`. Keys not listed are kept, and a valid input is returned itself, never
 * copied, so it can be stored as received (and a JSON key `"__proto__"` never becomes a prototype); so property
 * codecs must not transform their values. `is` is the object's hand-written guard. `validate` reports io-ts's own
 * errors and contexts for each field its codec's `is` rejects, within the budget: a body pays for its broken fields.
 */
export const payloadObject = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
  is: (u: unknown) => boolean,
) => {
  const nullableOptional = {} as NullableProps<O>
  for (const k of Object.keys(optional) as Array<keyof O>) {
    nullableOptional[k] = nullable(optional[k]) as NullableProps<O>[typeof k]
  }
  const Required = t.type(required, `${name}Required`)
  const Optional = t.partial(nullableOptional, `${name}Optional`)
  type A = t.TypeOf<typeof Required> & t.TypeOf<typeof Optional>
  // Each prop with its part of io-ts's `t.intersection` of `t.type` and `t.partial`, whose contexts `validate` gives:
  // `0` for the required part, `1` for the optional one, then the key.
  const props: ReadonlyArray<readonly [string, t.Mixed, '0' | '1']> = [
    ...Object.entries<t.Mixed>(required).map(([key, codec]) => [key, codec, '0'] as const),
    ...Object.entries<t.Mixed>(nullableOptional).map(([key, codec]) => [key, codec, '1'] as const),
  ]
  // A field fails when its codec's `is` rejects it; an optional field may also be absent.
  const fails = (codec: t.Mixed, part: '0' | '1', value: unknown): boolean =>
    !(part === '1' && value === undefined) && !codec.is(value)

  const validate: t.Validate<unknown, A> = (u, c) => {
    if (!isRecord(u)) return failWhole(u, c)
    const budget = budgetOf(c)
    const errors: t.ValidationError[] = []
    for (const [key, codec, part] of props) {
      const value = u[key]
      if (!fails(codec, part, value)) continue
      reportField(errors, codec, value, () => {
        const partContext = t.appendContext(c, part, part === '0' ? Required : Optional, u)
        return t.appendContext(partContext, key, codec, value)
      }, budget)
    }
    return errors.length > 0 ? t.failures(errors) : t.success(u as A)
  }

  const codec = new t.IntersectionType(name, is as (u: unknown) => u is A, validate, t.identity, [
    Required,
    Optional,
  ]) as t.IntersectionC<[t.TypeC<R>, t.PartialC<NullableProps<O>>]>
  counters.set(codec, (u) => {
    if (!isRecord(u)) return 1
    let count = 0
    for (const [key, codec, part] of props) if (fails(codec, part, u[key])) count += issueCount(codec, u[key])
    return count
  })
  return codec
}
