// The io-ts combinators the payload codecs are built from, and the guard each one's rule gives the variants'
// hand-written checks. Internal: not re-exported, so the codecs' construction can change without a breaking release.
import * as t from 'io-ts'

/** io-ts's `t.UnknownRecord` rule, written here rather than read through io-ts's getters on every object. */
export const isRecord = (u: unknown): u is Record<string, unknown> =>
  u !== null && typeof u === 'object' && !Array.isArray(u)

/** True for `undefined` and `null`: what an optional field of {@link payloadObject} may hold besides its type. */
export const isAbsent = (u: unknown): boolean => u === undefined || u === null

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
 * Builds an {@link OpenEnumType}, typed as a plain io-ts codec with its known values so that the public codecs built
 * from it name no internal class.
 */
export const openEnum = <K extends string>(
  known: ReadonlyArray<K>,
  name: string,
): t.Type<K | (string & {}), string, unknown> & {
  /** The values known when this version was published. */
  readonly known: ReadonlyArray<K>
} => new OpenEnumType(name, known)

/**
 * QI Tech's enumerator object, `{ "enumerator": "paid", "translation_path": "co.InstallmentStatus.paid" }`, with an
 * open `enumerator` value.
 */
export const enumerator = <K extends string>(known: ReadonlyArray<K>, name: string) => {
  const codec = t.intersection(
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
  // io-ts's intersection, with the guard below as its `is`.
  return new t.IntersectionType(
    name,
    isEnumeratorValue as (u: unknown) => u is t.TypeOf<typeof codec>,
    codec.validate,
    codec.encode,
    codec.types,
  ) as typeof codec
}

/** The rule of every {@link enumerator} codec, whatever its known values. */
export const isEnumeratorValue = (u: unknown): boolean => {
  if (!isRecord(u)) return false
  const path = u.translation_path
  return typeof u.enumerator === 'string' && (path === undefined || path === null || typeof path === 'string')
}

/**
 * io-ts's `t.array`, with an `is` that reads every index as its `validate` does: io-ts's own `is` uses `every`, which
 * skips the holes of a sparse array that `validate` rejects.
 */
export const listOf = <C extends t.Mixed>(item: C, name: string) => {
  const codec = t.array(item, name)
  const is = (u: unknown): u is t.TypeOf<typeof codec> => {
    if (!Array.isArray(u)) return false
    for (let i = 0; i < u.length; i++) if (!item.is(u[i])) return false
    return true
  }
  return new t.ArrayType(name, is, codec.validate, codec.encode, item) as typeof codec
}

// Each codec's rule as a predicate that allocates nothing and never calls a hand-written guard; payloadObject
// registers its own, the others are derived from io-ts's validate (see ruleCheckOf).
const ruleChecks = new WeakMap<t.Mixed, (u: unknown) => boolean>()

/**
 * The predicate of a codec's io-ts rule, for {@link payloadObject}'s `validate` to pass over a valid field without
 * allocating: what the codec's `validate` accepts, derived from the codec's structure as io-ts validates it. Unlike
 * `is`, it never calls a hand-written guard (objects, lists and enumerators have one), so `decode` never trusts a
 * guard, and the property tests that compare each guard with `decode` compare it with the rules.
 */
const ruleCheckOf = (codec: t.Mixed): ((u: unknown) => boolean) => {
  const registered = ruleChecks.get(codec)
  if (registered !== undefined) return registered
  const tag = (codec as { readonly _tag?: string })._tag
  let check: (u: unknown) => boolean
  switch (tag) {
    case 'UnionType': {
      const members = (codec as t.UnionType<t.Mixed[]>).types.map(ruleCheckOf)
      check = (u) => {
        for (let i = 0; i < members.length; i++) if (members[i](u)) return true
        return false
      }
      break
    }
    case 'IntersectionType': {
      const parts = (codec as t.IntersectionType<t.Mixed[]>).types.map(ruleCheckOf)
      check = (u) => {
        for (let i = 0; i < parts.length; i++) if (!parts[i](u)) return false
        return true
      }
      break
    }
    case 'ArrayType': {
      const item = ruleCheckOf((codec as t.ArrayType<t.Mixed>).type)
      check = (u) => {
        if (!Array.isArray(u)) return false
        for (let i = 0; i < u.length; i++) if (!item(u[i])) return false
        return true
      }
      break
    }
    case 'InterfaceType':
    case 'PartialType': {
      const partial = tag === 'PartialType'
      const props = (codec as t.InterfaceType<t.Props>).props
      const keys = Object.keys(props)
      const checks = keys.map((key) => ruleCheckOf(props[key]))
      const isRecordByIoTs = t.UnknownRecord.is
      check = (u) => {
        if (!isRecordByIoTs(u)) return false
        for (let i = 0; i < keys.length; i++) {
          const value = u[keys[i]]
          if (!(partial && value === undefined) && !checks[i](value)) return false
        }
        return true
      }
      break
    }
    default:
      // Scalars, branded scalars and open enumerations: their `is` is their rule.
      check = codec.is
  }
  ruleChecks.set(codec, check)
  return check
}

/** A value or `null`: QI Tech sends `null` for fields that do not apply yet. */
export const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null], `${codec.name} | null`)

/** The optional props of {@link payloadObject}, each also accepting `null`. */
export type NullableProps<P extends t.Props> = { [K in keyof P]: t.UnionC<[P[K], t.NullC]> }

/**
 * An object codec for one of QI Tech's payload objects: `required` keys must be present with their type;
 * `optional` keys may be absent or `null`, and are typed when present. Keys not listed are accepted and kept, and a
 * valid input is returned itself, never copied, so the decoded value can be stored and re-sent as received (and a
 * JSON key `"__proto__"` can never become a prototype). Property codecs must not transform their values: none of
 * this package's do.
 *
 * `is` is the object's hand-written guard, proven equal to `validate` by the property tests; it defaults to io-ts's
 * own `is` of the props. `validate` reports io-ts's own errors, with io-ts's contexts. It checks each field by its
 * rules, never by a guard, and builds a context only for a field that breaks them: a body broken in one field pays
 * for that field, not for the whole payload.
 */
export const payloadObject = <R extends t.Props, O extends t.Props>(
  name: string,
  required: R,
  optional: O,
  is?: (u: unknown) => boolean,
) => {
  const nullableOptional = {} as NullableProps<O>
  for (const k of Object.keys(optional) as Array<keyof O>) {
    nullableOptional[k] = nullable(optional[k]) as NullableProps<O>[typeof k]
  }
  const Required = t.type(required, `${name}Required`)
  const Optional = t.partial(nullableOptional, `${name}Optional`)
  type A = t.TypeOf<typeof Required> & t.TypeOf<typeof Optional>
  // Each prop with its rule (see ruleCheckOf).
  const withRule = ([key, codec]: [string, t.Mixed]): [string, t.Mixed, (u: unknown) => boolean] => [
    key,
    codec,
    ruleCheckOf(codec),
  ]
  const requiredProps = Object.entries<t.Mixed>(required).map(withRule)
  const optionalProps = Object.entries<t.Mixed>(nullableOptional).map(withRule)

  // The contexts io-ts's `t.intersection` of `t.type` and `t.partial` gives: `0` for the required part, `1` for the
  // optional one, then the key.
  const collect = (
    errors: t.ValidationError[],
    u: Record<string, unknown>,
    c: t.Context,
    part: '0' | '1',
    key: string,
    codec: t.Mixed,
  ): void => {
    const value = u[key]
    const partContext = t.appendContext(c, part, part === '0' ? Required : Optional, u)
    const result = codec.validate(value, t.appendContext(partContext, key, codec, value))
    if (result._tag === 'Left') for (const error of result.left) errors.push(error)
  }

  const validate: t.Validate<unknown, A> = (u, c) => {
    if (!isRecord(u)) return t.failure(u, c)
    const errors: t.ValidationError[] = []
    for (const [key, codec, rule] of requiredProps) if (!rule(u[key])) collect(errors, u, c, '0', key, codec)
    for (const [key, codec, rule] of optionalProps) {
      const value = u[key]
      if (value !== undefined && !rule(value)) collect(errors, u, c, '1', key, codec)
    }
    return errors.length > 0 ? t.failures(errors) : t.success(u as A)
  }

  // The rule `validate` applies, as a predicate, for the payload objects that hold this one.
  const requiredKeys = requiredProps.map(([key]) => key)
  const requiredChecks = requiredProps.map(([, , check]) => check)
  const optionalKeys = optionalProps.map(([key]) => key)
  const optionalChecks = optionalProps.map(([, , check]) => check)
  const rule = (u: unknown): boolean => {
    if (!isRecord(u)) return false
    for (let i = 0; i < requiredKeys.length; i++) if (!requiredChecks[i](u[requiredKeys[i]])) return false
    for (let i = 0; i < optionalKeys.length; i++) {
      const value = u[optionalKeys[i]]
      if (value !== undefined && !optionalChecks[i](value)) return false
    }
    return true
  }

  const codec = new t.IntersectionType(
    name,
    (is ?? rule) as (u: unknown) => u is A,
    validate,
    t.identity,
    [Required, Optional],
  ) as t.IntersectionC<[t.TypeC<R>, t.PartialC<NullableProps<O>>]>
  ruleChecks.set(codec, rule)
  return codec
}
