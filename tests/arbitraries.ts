// fast-check arbitraries for installment webhooks, derived by walking the reference codecs (`reference.ts`, stock
// io-ts only), not the product's: a field the product's codec lost is still generated, and broken, here.
//
// Objects are built the way `JSON.parse` builds them: plain prototype, and every key, `__proto__` included, an own
// data property. Every generated payload survives `JSON.stringify` and `JSON.parse` unchanged (up to `-0`).
import fc from 'fast-check'
import * as t from 'io-ts'
import { BankSlipUpdateWebhook, StatusChangeWebhook } from './reference'

/** Keys and enumerator values that name members of `Object.prototype` or of functions. */
export const prototypeKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
] as const

const MAX_ITEMS = 3
const MAX_EXTRA_KEYS = 3

const tagOf = (codec: t.Decoder<unknown, unknown>): string => (codec as { _tag?: string })._tag ?? 'unknown'

/** Sets an own, enumerable data property, as `JSON.parse` does (plain assignment of `__proto__` would not). */
export const defineOwn = (target: object, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** Any JSON value, the kind QI Tech may add in a field this version does not know. */
export const extraValueArbitrary = (): fc.Arbitrary<unknown> => fc.jsonValue({ maxDepth: 2 })

const extraKeyArbitrary = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...prototypeKeys))

/**
 * Strings a provider may send in a string field: ASCII, any code point including lone surrogates, and names of
 * `Object.prototype` members (an enumerator value of `toString` must decode as any other).
 */
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(...prototypeKeys))

const MIN_DATE = new Date('0000-01-01T00:00:00.000Z')
const MAX_DATE = new Date('9999-12-31T23:59:59.999Z')
// JavaScript's Date is the independent calendar here: every instant it prints is a real day and a real time.
const isoInstant = fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true }).map((d) => d.toISOString())
const twoDigits = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'))
const digits = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength })

const isoDate = isoInstant.map((s) => s.slice(0, 10))
const isoDateTime = fc
  .tuple(
    isoInstant,
    fc.constantFrom('T', ' '),
    fc.option(digits(1, 9).map((d) => `.${d}`), { nil: '' }),
    fc.option(fc.oneof(fc.constant('Z'), fc.tuple(fc.constantFrom('+', '-'), twoDigits(23), twoDigits(59)).map(([s, h, m]) => `${s}${h}:${m}`)), {
      nil: '',
    }),
  )
  .map(([instant, separator, fraction, zone]) => `${instant.slice(0, 10)}${separator}${instant.slice(11, 19)}${fraction}${zone}`)

/** Valid values of each branded scalar of the reference, by codec name. */
const refinementArbitraries: Record<string, fc.Arbitrary<unknown>> = {
  ReferenceDate: isoDate,
  ReferenceDateTime: isoDateTime,
  ReferenceNonEmpty: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 20, unit: 'binary' })),
  ReferenceAmount: fc.oneof(
    fc.integer({ min: 0, max: 1e12 }).map((n) => n / 1e8),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  ),
  Int: fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(0, 1e21, -(2 ** 53))),
}

/** Values of the right JSON type that each branded scalar still rejects, by codec name. */
const refinementViolations: Record<string, ReadonlyArray<unknown>> = {
  ReferenceDate: ['', '2023-02-30', '2022-13-01', '1900-02-29', '2022-10-28T00:00:00', '28/10/2022'],
  ReferenceDateTime: ['', '2022-09-27T24:00:00', '2022-09-27T07:60:00', '2023-02-29T07:03:35', '2022-09-27', '2022-09-27T07:03'],
  ReferenceNonEmpty: [''],
  ReferenceAmount: [],
  Int: [1.5, -0.25],
}

interface ObjectShape {
  readonly required: t.Props
  readonly optional: t.Props
}

/** The required and optional properties of an object codec (`t.type`, `t.partial`, an intersection of them). */
const objectShapeOf = (codec: t.Decoder<unknown, unknown>): ObjectShape | undefined => {
  switch (tagOf(codec)) {
    case 'InterfaceType':
      return { required: (codec as t.InterfaceType<t.Props>).props, optional: {} }
    case 'PartialType':
      return { required: {}, optional: (codec as t.PartialType<t.Props>).props }
    case 'IntersectionType': {
      const shapes = (codec as t.IntersectionType<t.Mixed[]>).types.map(objectShapeOf)
      if (shapes.some((s) => s === undefined)) return undefined
      return {
        required: Object.assign({}, ...shapes.map((s) => s!.required)) as t.Props,
        optional: Object.assign({}, ...shapes.map((s) => s!.optional)) as t.Props,
      }
    }
    default:
      return undefined
  }
}

const objectArbitrary = (shape: ObjectShape): fc.Arbitrary<Record<string, unknown>> => {
  const known = new Set([...Object.keys(shape.required), ...Object.keys(shape.optional)])
  const model: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [key, codec] of Object.entries(shape.required)) model[key] = codecArbitrary(codec)
  for (const [key, codec] of Object.entries(shape.optional)) model[key] = codecArbitrary(codec)
  const fields = fc.record(model, { requiredKeys: Object.keys(shape.required), noNullPrototype: true })
  const extras = fc.dictionary(extraKeyArbitrary, extraValueArbitrary(), { maxKeys: MAX_EXTRA_KEYS, noNullPrototype: true })
  return fc.tuple(fields, extras).map(([values, extra]) => {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(values)) defineOwn(out, key, value)
    for (const [key, value] of Object.entries(extra)) if (!known.has(key)) defineOwn(out, key, value)
    return out
  })
}

const cache = new Map<t.Decoder<unknown, unknown>, fc.Arbitrary<unknown>>()

/**
 * Valid values of an io-ts codec built from stock combinators. Unknown codec kinds throw, so a new kind of field
 * makes the property tests fail loudly instead of going untested.
 */
export const codecArbitrary = (codec: t.Decoder<unknown, unknown>): fc.Arbitrary<unknown> => {
  const cached = cache.get(codec)
  if (cached !== undefined) return cached
  const arbitrary = buildCodecArbitrary(codec)
  cache.set(codec, arbitrary)
  return arbitrary
}

const buildCodecArbitrary = (codec: t.Decoder<unknown, unknown>): fc.Arbitrary<unknown> => {
  const shape = objectShapeOf(codec)
  if (shape !== undefined) return objectArbitrary(shape)
  switch (tagOf(codec)) {
    case 'UnionType':
      return fc.oneof(...(codec as t.UnionType<t.Mixed[]>).types.map(codecArbitrary))
    case 'ArrayType':
      return fc.array(codecArbitrary((codec as t.ArrayType<t.Mixed>).type), { maxLength: MAX_ITEMS })
    case 'AnyArrayType':
      return fc.array(extraValueArbitrary(), { maxLength: MAX_ITEMS })
    case 'KeyofType':
      return fc.constantFrom(...Object.keys((codec as t.KeyofType<Record<string, unknown>>).keys))
    case 'LiteralType':
      return fc.constant((codec as t.LiteralType<string>).value)
    case 'RefinementType': {
      const arbitrary = refinementArbitraries[codec.name]
      if (arbitrary === undefined) throw new Error(`no arbitrary for the branded codec ${codec.name}`)
      return arbitrary
    }
    case 'StringType':
      return anyString
    case 'NumberType':
      return fc.double({ noNaN: true, noDefaultInfinity: true })
    case 'BooleanType':
      return fc.boolean()
    case 'NullType':
      return fc.constant(null)
    default:
      throw new Error(`no arbitrary for codec ${codec.name} (${tagOf(codec)})`)
  }
}

/** Valid status-change payloads (`data.status` is one of the 8 installment statuses). */
export const statusChangeWebhookArbitrary = (): fc.Arbitrary<Record<string, unknown>> =>
  codecArbitrary(StatusChangeWebhook) as fc.Arbitrary<Record<string, unknown>>

/** Valid bank-slip update payloads (`data.status` is `update`). */
export const bankSlipUpdateWebhookArbitrary = (): fc.Arbitrary<Record<string, unknown>> =>
  codecArbitrary(BankSlipUpdateWebhook) as fc.Arbitrary<Record<string, unknown>>

/**
 * Valid payloads of both variants, with extra fields at every object level (keys such as `__proto__` included),
 * unknown values in nested enumerators, and optional fields absent, `null` or present.
 */
export const installmentWebhookArbitrary = (): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(statusChangeWebhookArbitrary(), bankSlipUpdateWebhookArbitrary())

/** One required field present in a payload: where it is and the codec it must satisfy. */
export interface RequiredField {
  /** Keys and indexes from the root, e.g. `['data', 'installments', 2, 'total_amount']`. */
  readonly segments: ReadonlyArray<string | number>
  /** The dotted path the decoder reports, e.g. `data.installments[2].total_amount`. */
  readonly path: string
  readonly codec: t.Decoder<unknown, unknown>
}

const formatPath = (segments: ReadonlyArray<string | number>): string =>
  segments.reduce<string>(
    (path, s) => (typeof s === 'number' ? `${path}[${s}]` : path === '' ? s : `${path}.${s}`),
    '',
  )

const isPlainRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/** Every required field present in `value`, a valid value of `codec`, at any depth. */
export const requiredFieldsOf = (
  codec: t.Decoder<unknown, unknown>,
  value: unknown,
  segments: ReadonlyArray<string | number> = [],
): RequiredField[] => {
  const shape = objectShapeOf(codec)
  if (shape !== undefined) {
    if (!isPlainRecord(value)) return []
    const fields: RequiredField[] = []
    for (const [key, prop] of Object.entries(shape.required)) {
      const at = [...segments, key]
      fields.push({ segments: at, path: formatPath(at), codec: prop })
      fields.push(...requiredFieldsOf(prop, value[key], at))
    }
    for (const [key, prop] of Object.entries(shape.optional)) {
      if (Object.prototype.hasOwnProperty.call(value, key)) fields.push(...requiredFieldsOf(prop, value[key], [...segments, key]))
    }
    return fields
  }
  switch (tagOf(codec)) {
    case 'UnionType': {
      const member = (codec as t.UnionType<t.Mixed[]>).types.find((m) => m.is(value))
      return member === undefined ? [] : requiredFieldsOf(member, value, segments)
    }
    case 'ArrayType':
      return Array.isArray(value)
        ? value.flatMap((item, i) => requiredFieldsOf((codec as t.ArrayType<t.Mixed>).type, item, [...segments, i]))
        : []
    default:
      return []
  }
}

type JsonKind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object'

const jsonKindOf = (u: unknown): JsonKind =>
  u === null ? 'null' : Array.isArray(u) ? 'array' : (typeof u as 'string' | 'number' | 'boolean' | 'object')

/** The JSON kinds a codec accepts values of. */
const acceptedKinds = (codec: t.Decoder<unknown, unknown>): ReadonlySet<JsonKind> => {
  if (objectShapeOf(codec) !== undefined) return new Set(['object'])
  switch (tagOf(codec)) {
    case 'RefinementType':
      return acceptedKinds((codec as t.RefinementType<t.Mixed>).type)
    case 'UnionType':
      return new Set((codec as t.UnionType<t.Mixed[]>).types.flatMap((m) => [...acceptedKinds(m)]))
    case 'StringType':
    case 'KeyofType':
      return new Set(['string'])
    case 'LiteralType':
      return new Set([jsonKindOf((codec as t.LiteralType<string | number | boolean>).value)])
    case 'NumberType':
      return new Set(['number'])
    case 'BooleanType':
      return new Set(['boolean'])
    case 'NullType':
      return new Set(['null'])
    case 'ArrayType':
    case 'AnyArrayType':
      return new Set(['array'])
    default:
      throw new Error(`no JSON kind for codec ${codec.name} (${tagOf(codec)})`)
  }
}

/** Passed to {@link replaceAt} as the value: removes the key or the array item instead. */
export const REMOVED = Symbol('removed')

/** A replacement that breaks a field of `codec`: removal, a value of another JSON kind, or a refinement violation. */
const breakingValueArbitrary = (codec: t.Decoder<unknown, unknown>): fc.Arbitrary<unknown> => {
  const kinds = acceptedKinds(codec)
  const violations = tagOf(codec) === 'RefinementType' ? (refinementViolations[codec.name] ?? []) : []
  return fc.oneof(
    fc.constant(REMOVED),
    extraValueArbitrary().filter((v) => !kinds.has(jsonKindOf(v))),
    ...(violations.length > 0 ? [fc.constantFrom(...violations)] : []),
  )
}

/** A deep copy built like `JSON.parse` builds (own `__proto__` keys stay own data properties). */
export const cloneJson = <T>(value: T): T => {
  if (Array.isArray(value)) return value.map(cloneJson) as T
  if (typeof value !== 'object' || value === null) return value
  const out = {}
  for (const [key, item] of Object.entries(value)) defineOwn(out, key, cloneJson(item))
  return out as T
}

const withField = (payload: Record<string, unknown>, field: RequiredField, value: unknown): Record<string, unknown> => {
  const copy = cloneJson(payload)
  let parent: any = copy
  for (const s of field.segments.slice(0, -1)) parent = parent[s]
  const key = field.segments[field.segments.length - 1] as string
  if (value === REMOVED) delete parent[key]
  else defineOwn(parent, key, value)
  return copy
}

/**
 * A valid payload with exactly one required field (at any depth, inside arrays and inside present optional
 * objects) removed or given a value of the wrong type, and the path the decoder must report for it.
 */
export const brokenWebhookArbitrary = (): fc.Arbitrary<{ payload: Record<string, unknown>; path: string }> =>
  fc.oneof(
    statusChangeWebhookArbitrary().map((p) => [StatusChangeWebhook, p] as const),
    bankSlipUpdateWebhookArbitrary().map((p) => [BankSlipUpdateWebhook, p] as const),
  ).chain(([codec, payload]) => {
    const fields = requiredFieldsOf(codec, payload)
    return fc
      .integer({ min: 0, max: fields.length - 1 })
      .chain((i) =>
        breakingValueArbitrary(fields[i].codec).map((value) => ({ payload: withField(payload, fields[i], value), path: fields[i].path })),
      )
  })

/** Every position in a JSON value: the keys and indexes leading to each object, array and scalar below the root. */
export const positionsOf = (value: unknown, segments: ReadonlyArray<string | number> = []): Array<Array<string | number>> => {
  const positions: Array<Array<string | number>> = []
  const walk = (node: unknown, at: Array<string | number>): void => {
    if (at.length > segments.length) positions.push(at)
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...at, i]))
    else if (isPlainRecord(node)) for (const key of Object.keys(node)) walk(node[key], [...at, key])
  }
  walk(value, [...segments])
  return positions
}

/**
 * A copy of `payload` with the value at `segments` replaced by `value`, or removed when `value` is {@link REMOVED}.
 * Only the objects and arrays on the way are copied (as `JSON.parse` builds them); the rest is shared, so treat the
 * result as read-only below them.
 */
export const replaceAt = <P>(payload: P, segments: ReadonlyArray<string | number>, value: unknown): P => {
  const copy = (node: unknown, depth: number): unknown => {
    const key = segments[depth]
    const last = depth === segments.length - 1
    if (Array.isArray(node)) {
      const items = node.slice()
      const i = key as number
      if (!last) items[i] = copy(node[i], depth + 1)
      else if (value === REMOVED) items.splice(i, 1)
      else items[i] = value
      return items
    }
    const record = node as Record<string, unknown>
    const out: Record<string, unknown> = {}
    // Key by key, so the one replaced keeps its place.
    for (const k of Object.keys(record)) {
      if (k !== key) defineOwn(out, k, record[k])
      else if (!last) defineOwn(out, k, copy(record[k], depth + 1))
      else if (value !== REMOVED) defineOwn(out, k, value)
    }
    return out
  }
  return segments.length === 0 ? payload : (copy(payload, 0) as P)
}

/**
 * A valid payload with one value anywhere (required, optional or unknown, at any depth) removed or replaced by any
 * JSON value: mostly invalid payloads that reach deep into the codecs, sometimes still valid ones.
 */
export const mutatedWebhookArbitrary = (): fc.Arbitrary<Record<string, unknown>> =>
  installmentWebhookArbitrary().chain((payload) => {
    const positions = positionsOf(payload)
    return fc
      .tuple(fc.integer({ min: 0, max: positions.length - 1 }), fc.oneof(fc.constant(REMOVED), extraValueArbitrary()))
      .map(([i, value]) => replaceAt(payload, positions[i], value))
  })
