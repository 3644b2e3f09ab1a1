import * as t from 'io-ts'
import { OpenEnumType } from './primitives'

/** A type guard: true when the value passes. */
export type Guard = (u: unknown) => boolean

/** A codec compiled by {@link compileCodec}; it answers exactly as the codec's own `validate` does. */
export interface CompiledCodec {
  /** True exactly when the codec's `decode` succeeds and returns the input itself. */
  readonly is: Guard
  /**
   * The same answer as `is` for a value `JSON.parse` returned, found faster: it walks each object's own keys
   * instead of looking up every key the codec lists. Only for such values: a Proxy, or an object with
   * non-enumerable or inherited fields, can answer a walk differently from a lookup.
   */
  readonly isParsedJson: Guard
  /** The codec's `validate`: `t.success(u)` when `is(u)`, otherwise {@link CompiledCodec.explain}. */
  readonly validate: (u: unknown, c: t.Context) => t.Validation<unknown>
  /**
   * The codec's `validate` of a value `is` rejected: the very errors io-ts reports, collected by visiting only the
   * parts of `u` that fail.
   */
  readonly explain: (u: unknown, c: t.Context) => t.Validation<unknown>
  /** Names of the codecs inside that this compiler does not know: they are asked through their own `validate`. */
  readonly fallbacks: ReadonlyArray<string>
}

type Codec = t.Mixed

const tagOf = (codec: Codec): string | undefined => (codec as { readonly _tag?: string })._tag

// What a compiled codec checks. Record guards test the common kinds inline, so a string or number field costs a
// `typeof` and no call; everything else goes through `guard`, which every check carries.
const enum Kind {
  Anything,
  String,
  Number,
  Boolean,
  Null,
  Array,
  StringWhere,
  NumberWhere,
  Literal,
  Call,
}

interface Check {
  readonly kind: Kind
  /** Also accepts `null` (a `T | null` union). */
  readonly nullable: boolean
  /** For `StringWhere` and `NumberWhere`: the refinement's predicate, asked after the `typeof` test. */
  readonly predicate: (u: never) => boolean
  /** For `Literal`. */
  readonly value: unknown
  /** The whole check as one function, `nullable` included. */
  readonly guard: Guard
  /** The check without its `nullable` part. */
  readonly base: Guard
}

/**
 * The errors of a value its guard rejected, in io-ts's order and with io-ts's contexts; it descends only into the
 * parts whose own guard fails. An empty list means io-ts accepts the value (a codec that transforms, see below).
 */
type Report = (u: unknown, c: t.Context) => t.Errors

interface Compiled {
  readonly check: Check
  readonly report: Report
  readonly fallbacks: ReadonlyArray<string>
}

const never = (): boolean => false
/** How many key positions a record guard remembers from the previous object it walked. */
const REMEMBERED_KEYS = 64
const hasOwnProperty = Object.prototype.hasOwnProperty
const noErrors: t.Errors = []

const isRecordValue = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

const guardOf = (kind: Kind, predicate: (u: unknown) => boolean, value: unknown, call: Guard): Guard => {
  switch (kind) {
    case Kind.Anything:
      return () => true
    case Kind.String:
      return (u) => typeof u === 'string'
    case Kind.Number:
      return (u) => typeof u === 'number'
    case Kind.Boolean:
      return (u) => typeof u === 'boolean'
    case Kind.Null:
      return (u) => u === null
    case Kind.Array:
      return (u) => Array.isArray(u)
    case Kind.StringWhere:
      return (u) => typeof u === 'string' && predicate(u)
    case Kind.NumberWhere:
      return (u) => typeof u === 'number' && predicate(u)
    case Kind.Literal:
      return (u) => u === value
    case Kind.Call:
      return call
  }
}

const makeCheck = (
  kind: Kind,
  options: { nullable?: boolean; predicate?: (u: never) => boolean; value?: unknown; call?: Guard } = {},
): Check => {
  const nullable = options.nullable ?? false
  const predicate = options.predicate ?? never
  const base = guardOf(kind, predicate as (u: unknown) => boolean, options.value, options.call ?? never)
  const guard: Guard = nullable && kind !== Kind.Null ? (u) => u === null || base(u) : base
  return { kind, nullable, predicate, value: options.value, guard, base }
}

const call = (guard: Guard): Check => makeCheck(Kind.Call, { call: guard })

const unionCheck = (members: ReadonlyArray<Check>): Check => {
  const others = members.filter((m) => m.kind !== Kind.Null)
  const nullable = others.length < members.length || others.some((m) => m.nullable)
  if (others.length === 0) return makeCheck(Kind.Null)
  if (others.length === 1) {
    const [only] = others
    return makeCheck(only.kind, { nullable, predicate: only.predicate, value: only.value, call: only.base })
  }
  const guards = others.map((m) => m.guard)
  return makeCheck(Kind.Call, {
    nullable,
    call: (u) => {
      for (let i = 0; i < guards.length; i++) if (guards[i](u)) return true
      return false
    },
  })
}

const refinementCheck = (base: Check, predicate: (u: never) => boolean): Check => {
  if (!base.nullable && base.kind === Kind.String) return makeCheck(Kind.StringWhere, { predicate })
  if (!base.nullable && base.kind === Kind.Number) return makeCheck(Kind.NumberWhere, { predicate })
  const guard = base.guard
  const test = predicate as (u: unknown) => boolean
  return call((u) => guard(u) && test(u))
}

const arrayGuard =
  (item: Guard): Guard =>
  (u) => {
    if (!Array.isArray(u)) return false
    for (let i = 0; i < u.length; i++) if (!item(u[i])) return false
    return true
  }

// A codec this compiler does not know is asked through its own `validate`. A result other than the input itself
// (a codec that transforms, such as `t.exact`) counts as a rejection; its report is then empty, and the caller
// falls back to the codec's own `validate`, which returns the transformed value.
const viaValidate =
  (codec: Codec): Guard =>
  (u) => {
    const result = codec.validate(u, [{ key: '', type: codec, actual: u }])
    return result._tag === 'Right' && result.right === u
  }

/** One key of a record codec; `required` keys follow `t.type` (the key's check also judges `undefined`). */
interface KeyCheck {
  readonly key: string
  readonly check: Check
  readonly required: boolean
}

// One check per distinct key: a key listed by both a `t.type` and a `t.partial` must pass both.
const mergeKeys = (keys: ReadonlyArray<KeyCheck>): KeyCheck[] => {
  const merged = new Map<string, KeyCheck>()
  for (const next of keys) {
    const previous = merged.get(next.key)
    if (previous === undefined) {
      merged.set(next.key, next)
      continue
    }
    const whole = (k: KeyCheck): Guard => (k.required ? k.check.guard : (u) => u === undefined || k.check.guard(u))
    const [first, second] = [whole(previous), whole(next)]
    merged.set(next.key, {
      key: next.key,
      check: call((u) => first(u) && second(u)),
      required: previous.required || next.required,
    })
  }
  return [...merged.values()]
}

/**
 * One guard for the keys of a `t.type`, a `t.partial`, or an intersection of them: like io-ts, it wants an object
 * that is not an array, and checks each listed key; keys not listed are not looked at.
 */
const recordGuard = (listed: ReadonlyArray<KeyCheck>, walkOwnKeys: boolean): Guard => {
  const entries = mergeKeys(listed)
  const count = entries.length
  const keys = entries.map((e) => e.key)
  const required = entries.map((e) => e.required)
  const nullable = entries.map((e) => e.check.nullable)
  const kinds = entries.map((e) => e.check.kind)
  // Two lists of the same predicates, so that each call site sees only string or only number refinements: few
  // enough distinct functions for V8 to inline them.
  const stringPredicates = entries.map((e) => e.check.predicate as (u: string) => boolean)
  const numberPredicates = entries.map((e) => e.check.predicate as (u: number) => boolean)
  const values = entries.map((e) => e.check.value)
  // `null` is tested before these are called.
  const guards = entries.map((e) => e.check.base)
  const requiredCount = required.filter(Boolean).length
  const slotOf = new Map(keys.map((key, slot) => [key, slot]))

  // The walk below makes the same test, written out inline: a call per key costs more than the test.
  const passes = (record: Record<string, unknown>, slot: number, value: unknown): boolean => {
    if (value === undefined) {
      if (!required[slot]) return true
      // io-ts's `t.type` copies the object to add a required key that is missing, even when its codec accepts
      // `undefined`: the input itself is not the result, so the guard says no.
      if (!hasOwnProperty.call(record, keys[slot])) return false
    }
    if (value === null && nullable[slot]) return true
    switch (kinds[slot]) {
      case Kind.String:
        return typeof value === 'string'
      case Kind.Number:
        return typeof value === 'number'
      case Kind.Boolean:
        return typeof value === 'boolean'
      case Kind.StringWhere:
        return typeof value === 'string' && stringPredicates[slot](value)
      case Kind.NumberWhere:
        return typeof value === 'number' && numberPredicates[slot](value)
      case Kind.Literal:
        return value === values[slot]
      default:
        return guards[slot](value)
    }
  }

  // io-ts's own reading: each listed key is read by name, so any object answers as it does for io-ts.
  const byName = (record: Record<string, unknown>): boolean => {
    for (let slot = 0; slot < count; slot++) if (!passes(record, slot, record[keys[slot]])) return false
    return true
  }
  if (!walkOwnKeys) return (u) => isRecordValue(u) && byName(u)

  // Reading a listed key by name is a generic lookup each time, and most optional keys are absent. In a value
  // JSON.parse made, the keys are walked instead and each value is sent to its key's check. The walk remembers the
  // previous object's first keys, so a body shaped like the one before finds each key's slot with one comparison;
  // it remembers a bounded number, so a body with a million keys leaves no million strings behind.
  const seenKeys: string[] = new Array<string>(REMEMBERED_KEYS).fill('')
  const seenSlots: number[] = new Array<number>(REMEMBERED_KEYS).fill(-1)
  return (u) => {
    if (!isRecordValue(u)) return false
    let requiredSeen = 0
    let j = 0
    for (const key in u) {
      let slot: number
      if (j < REMEMBERED_KEYS && seenKeys[j] === key) {
        slot = seenSlots[j]
      } else {
        slot = slotOf.get(key) ?? -1
        if (j < REMEMBERED_KEYS) {
          seenKeys[j] = key
          seenSlots[j] = slot
        }
      }
      j++
      if (slot < 0) continue
      const value = u[key]
      if (required[slot]) {
        requiredSeen++
        if (value === undefined && !hasOwnProperty.call(u, key)) return false
      } else if (value === undefined) continue
      if (value === null && nullable[slot]) continue
      switch (kinds[slot]) {
        case Kind.String:
          if (typeof value !== 'string') return false
          break
        case Kind.Number:
          if (typeof value !== 'number') return false
          break
        case Kind.Boolean:
          if (typeof value !== 'boolean') return false
          break
        case Kind.StringWhere:
          if (typeof value !== 'string' || !stringPredicates[slot](value)) return false
          break
        case Kind.NumberWhere:
          if (typeof value !== 'number' || !numberPredicates[slot](value)) return false
          break
        case Kind.Literal:
          if (value !== values[slot]) return false
          break
        default:
          if (!guards[slot](value)) return false
      }
    }
    // A required key the walk did not meet is missing: io-ts lets its codec judge `undefined`.
    return requiredSeen === requiredCount || byName(u)
  }
}

// `t.type`, `t.partial` and intersections of them all read keys of one record: their keys are checked in one pass.
const isRecordCodec = (codec: Codec): boolean => {
  switch (tagOf(codec)) {
    case 'InterfaceType':
    case 'PartialType':
      return true
    case 'IntersectionType':
      return (codec as t.IntersectionType<Codec[]>).types.every(isRecordCodec)
    default:
      return false
  }
}

const fallbacksOf = (parts: ReadonlyArray<Compiled>): string[] => parts.flatMap((p) => p.fallbacks)

// The reports below follow io-ts's `validate` of each combinator: same order, same contexts, same errors. A leaf
// (where a failure costs one test) and a codec this compiler does not know are reported by io-ts itself.

// One push per error: spreading a list of a million errors into `push` would overflow the call stack.
const pushAll = (target: t.ValidationError[], errors: t.Errors): void => {
  for (let i = 0; i < errors.length; i++) target.push(errors[i])
}

const reportOf =
  (codec: Codec): Report =>
  (u, c) => {
    const result = codec.validate(u, c)
    return result._tag === 'Left' ? result.left : noErrors
  }

const propsReport = (codec: Codec, parts: ReadonlyArray<Compiled>): Report => {
  const own = reportOf(codec)
  const props = (codec as t.InterfaceType<t.Props> | t.PartialType<t.Props>).props
  const keys = Object.keys(props)
  const required = tagOf(codec) === 'InterfaceType'
  return (u, c) => {
    if (!isRecordValue(u)) return own(u, c)
    const errors: t.ValidationError[] = []
    for (let i = 0; i < keys.length; i++) {
      const value = u[keys[i]]
      // `t.partial` drops the errors of an absent key; `t.type` lets the key's codec judge `undefined`.
      if ((value === undefined && !required) || parts[i].check.guard(value)) continue
      pushAll(errors, parts[i].report(value, t.appendContext(c, keys[i], props[keys[i]], value)))
    }
    return errors
  }
}

// `union` says whether one accepting member is enough (a union) or every member must accept (an intersection). A
// union member that accepts only by transforming the value (its guard says no, its report finds nothing) makes the
// union accept: the report is then empty, and `explain` returns io-ts's own `validate`.
const membersReport = (
  codec: Codec,
  members: ReadonlyArray<Codec>,
  parts: ReadonlyArray<Compiled>,
  union: boolean,
): Report => {
  const own = reportOf(codec)
  // An intersection of record codecs that is handed a non-record is reported by the codec itself, so a custom
  // intersection (one `validate` for all its members) keeps its own single error.
  const ownForNonRecords = tagOf(codec) === 'IntersectionType' && isRecordCodec(codec)
  return (u, c) => {
    if (ownForNonRecords && !isRecordValue(u)) return own(u, c)
    const errors: t.ValidationError[] = []
    for (let i = 0; i < members.length; i++) {
      if (parts[i].check.guard(u)) continue
      const memberErrors = parts[i].report(u, t.appendContext(c, String(i), members[i], u))
      if (union && memberErrors.length === 0) return noErrors
      pushAll(errors, memberErrors)
    }
    return errors
  }
}

const arrayReport = (codec: t.ArrayType<Codec>, item: Compiled): Report => {
  const own = reportOf(codec)
  return (u, c) => {
    if (!Array.isArray(u)) return own(u, c)
    const errors: t.ValidationError[] = []
    for (let i = 0; i < u.length; i++) {
      const value: unknown = u[i]
      if (item.check.guard(value)) continue
      pushAll(errors, item.report(value, t.appendContext(c, String(i), codec.type, value)))
    }
    return errors
  }
}

/** A compiler whose record guards read listed keys by name, or walk own keys (`walkOwnKeys`, for JSON values). */
const compilerFor = (walkOwnKeys: boolean): ((codec: Codec) => Compiled) => {
  // Codecs are shared (one enumerator codec serves several fields): each is compiled once.
  const compiled = new WeakMap<Codec, Compiled>()

  const compile = (codec: Codec): Compiled => {
    let result = compiled.get(codec)
    if (result === undefined) {
      result = build(codec)
      compiled.set(codec, result)
    }
    return result
  }

  const leaf = (codec: Codec, check: Check): Compiled => ({ check, report: reportOf(codec), fallbacks: [] })

  const collectKeys = (codec: Codec, out: KeyCheck[]): void => {
    if (tagOf(codec) === 'IntersectionType') {
      for (const member of (codec as t.IntersectionType<Codec[]>).types) collectKeys(member, out)
      return
    }
    const props = (codec as t.InterfaceType<t.Props> | t.PartialType<t.Props>).props
    const required = tagOf(codec) === 'InterfaceType'
    for (const key of Object.keys(props)) out.push({ key, check: compile(props[key]).check, required })
  }

  const build = (codec: Codec): Compiled => {
    if (codec instanceof OpenEnumType) return leaf(codec, makeCheck(Kind.String))
    switch (tagOf(codec)) {
      case 'StringType':
        return leaf(codec, makeCheck(Kind.String))
      case 'NumberType':
        return leaf(codec, makeCheck(Kind.Number))
      case 'BooleanType':
        return leaf(codec, makeCheck(Kind.Boolean))
      case 'NullType':
        return leaf(codec, makeCheck(Kind.Null))
      case 'UnknownType':
        return leaf(codec, makeCheck(Kind.Anything))
      case 'AnyArrayType':
        return leaf(codec, makeCheck(Kind.Array))
      case 'AnyDictionaryType':
        return leaf(codec, call(isRecordValue))
      case 'LiteralType':
        return leaf(codec, makeCheck(Kind.Literal, { value: (codec as t.LiteralType<string | number | boolean>).value }))
      case 'KeyofType': {
        // A Set of the own keys answers as `hasOwnProperty` does for a string, and cannot hit `__proto__`.
        const keys = new Set(Object.getOwnPropertyNames((codec as t.KeyofType<Record<string, unknown>>).keys))
        return leaf(codec, makeCheck(Kind.StringWhere, { predicate: (u: string) => keys.has(u) }))
      }
      case 'RefinementType': {
        // io-ts validates the base codec, then asks the predicate; a failure is reported by io-ts.
        const refinement = codec as unknown as t.RefinementType<Codec>
        const base = compile(refinement.type)
        return { check: refinementCheck(base.check, refinement.predicate), report: reportOf(codec), fallbacks: base.fallbacks }
      }
      case 'ArrayType': {
        const item = compile((codec as t.ArrayType<Codec>).type)
        return {
          check: call(arrayGuard(item.check.guard)),
          report: arrayReport(codec as t.ArrayType<Codec>, item),
          fallbacks: item.fallbacks,
        }
      }
      case 'UnionType': {
        const members = (codec as t.UnionType<Codec[]>).types
        const parts = members.map(compile)
        // A union of tagged members validates only the member its tag selects: io-ts reports it.
        const tagged = (codec as { readonly tag?: unknown }).tag !== undefined
        return {
          check: unionCheck(parts.map((p) => p.check)),
          report: tagged ? reportOf(codec) : membersReport(codec, members, parts, true),
          fallbacks: fallbacksOf(parts),
        }
      }
      case 'InterfaceType':
      case 'PartialType': {
        const props = (codec as t.InterfaceType<t.Props> | t.PartialType<t.Props>).props
        const parts = Object.keys(props).map((key) => compile(props[key]))
        const keys: KeyCheck[] = []
        collectKeys(codec, keys)
        return { check: call(recordGuard(keys, walkOwnKeys)), report: propsReport(codec, parts), fallbacks: fallbacksOf(parts) }
      }
      case 'IntersectionType': {
        const members = (codec as t.IntersectionType<Codec[]>).types
        const parts = members.map(compile)
        const report = membersReport(codec, members, parts, false)
        if (isRecordCodec(codec)) {
          const keys: KeyCheck[] = []
          collectKeys(codec, keys)
          return { check: call(recordGuard(keys, walkOwnKeys)), report, fallbacks: fallbacksOf(parts) }
        }
        const guards = parts.map((p) => p.check.guard)
        return { check: call((u) => guards.every((guard) => guard(u))), report, fallbacks: fallbacksOf(parts) }
      }
      default:
        return { check: call(viaValidate(codec)), report: reportOf(codec), fallbacks: [codec.name] }
    }
  }

  return compile
}

const compileByName = /* @__PURE__ */ compilerFor(false)
const compileWalking = /* @__PURE__ */ compilerFor(true)

/**
 * Walks a codec once and returns guards and a `validate` that answer exactly as the codec does. The guards are
 * plain `typeof` tests and indexed loops that build no objects; only a failure pays for io-ts's error
 * collection, and then only for the failing parts. It knows io-ts's primitives, `t.type`, `t.partial`,
 * `t.intersection`, `t.union`, `t.array`, `t.keyof`, `t.literal`, refinements and brands (`t.Int`, `IsoDate`, ...)
 * and {@link OpenEnumType}; any other codec is asked through its own `validate` and listed in `fallbacks`.
 */
export const compileCodec = (codec: t.Mixed): CompiledCodec => {
  const { check, report, fallbacks } = compileByName(codec)
  const is = check.guard
  const explain = (u: unknown, c: t.Context): t.Validation<unknown> => {
    const errors = report(u, c)
    return errors.length > 0 ? t.failures(errors) : codec.validate(u, c)
  }
  return {
    is,
    isParsedJson: compileWalking(codec).check.guard,
    validate: (u, c) => (is(u) ? t.success(u) : explain(u, c)),
    explain,
    fallbacks: [...new Set(fallbacks)],
  }
}
