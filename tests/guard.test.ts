// The compiled guards must accept exactly what io-ts's own `decode` of the same codecs accepts, and their failure
// path must report exactly io-ts's errors: over generated valid, broken and mutated payloads, every fixture with
// every leaf replaced, and codec kinds the webhook does not use.
import fc from 'fast-check'
import * as t from 'io-ts'
import { isDeepStrictEqual } from 'node:util'
import {
  InstallmentBankSlipUpdateWebhook,
  InstallmentStatusChangeWebhook,
  IsoDate,
  decodeInstallmentWebhook,
  installmentStatuses,
  payloadObject,
} from '../src'
import { type CompiledCodec, compileCodec } from '../src/guard'
import { toIssues } from '../src/report'
import {
  brokenWebhookArbitrary,
  defineOwn,
  installmentWebhookArbitrary,
  mutatedWebhookArbitrary,
  positionsOf,
  REMOVED,
  replaceAt,
} from './arbitraries'
import { loadFixture, validFixtureNames } from './fixtures'
import { propertySettings } from './property-settings'

const variants = [InstallmentStatusChangeWebhook, InstallmentBankSlipUpdateWebhook] as const
const compiledVariants = variants.map((codec) => [codec, compileCodec(codec)] as const)

const rootContext = (codec: t.Mixed, u: unknown): t.Context => [{ key: '', type: codec, actual: u }]

/** Whether two io-ts error lists are the same: values, messages, and every context entry's key, codec and value. */
const sameErrors = (a: t.Errors, b: t.Errors): boolean =>
  a.length === b.length &&
  a.every(
    (e, i) =>
      Object.is(e.value, b[i].value) &&
      e.message === b[i].message &&
      e.context.length === b[i].context.length &&
      e.context.every((c, j) => {
        const other = b[i].context[j]
        return c.key === other.key && c.type === other.type && Object.is(c.actual, other.actual)
      }),
  )

/**
 * How the compiled codec's answer for `u` differs from `codec.decode`'s, or `undefined` when it does not: both
 * guards must be true exactly when decode returns the input itself, and `validate` must return what decode returns:
 * the input itself, io-ts's copy (for a codec that transforms), or io-ts's very errors. `json` says `u` is shaped as
 * JSON.parse makes values, the only values `isParsedJson` is for.
 */
const differenceFrom = (codec: t.Mixed, compiled: CompiledCodec, u: unknown, json = true): string | undefined => {
  const reference = codec.decode(u)
  const acceptedAsIs = reference._tag === 'Right' && reference.right === u
  if (compiled.is(u) !== acceptedAsIs) return `is says ${!acceptedAsIs}`
  if (json && compiled.isParsedJson(u) !== acceptedAsIs) return `isParsedJson says ${!acceptedAsIs}`
  const ours = compiled.validate(u, rootContext(codec, u))
  if (ours._tag !== reference._tag) return `validate gives a ${ours._tag}`
  if (ours._tag === 'Right' && reference._tag === 'Right') {
    if (acceptedAsIs ? ours.right !== u : !isDeepStrictEqual(ours.right, reference.right)) return 'validate gives another value'
  }
  if (ours._tag === 'Left' && reference._tag === 'Left' && !sameErrors(ours.left, reference.left)) return 'other errors'
  return undefined
}

/** Asserts the compiled codec answers `u` as decode does; returns whether decode accepted. */
const expectSameAnswer = (codec: t.Mixed, compiled: CompiledCodec, u: unknown, json = true): boolean => {
  const difference = differenceFrom(codec, compiled, u, json)
  if (difference !== undefined) throw new Error(`${codec.name}: ${difference} for ${JSON.stringify(u)}`)
  return codec.decode(u)._tag === 'Right'
}

/**
 * Checks `u` against both variant codecs; returns how many accepted it (never both: their statuses differ). The
 * webhook codecs never transform, so an accepted payload is always the input itself.
 */
const expectSameAnswers = (u: unknown, json = true): number => {
  let accepted = 0
  for (const [codec, compiled] of compiledVariants) {
    if (!expectSameAnswer(codec, compiled, u, json)) continue
    accepted++
    if (!compiled.is(u)) throw new Error(`${codec.name} copied ${JSON.stringify(u)}`)
  }
  if (accepted > 1) throw new Error(`both variants accept ${JSON.stringify(u)}`)
  return accepted
}

// Values just outside (or just inside) what the codecs accept: impossible dates, clock values one too high, offsets,
// non-integers, the wrong JSON kind, and the names of Object.prototype members.
const nearMisses: ReadonlyArray<unknown> = [
  '',
  ' ',
  'paid',
  'update',
  'installment.status_change',
  '__proto__',
  'toString',
  '2022-10-28',
  '2024-02-29',
  '2023-02-29',
  '1900-02-29',
  '2000-02-29',
  '2022-04-31',
  '2022-00-10',
  '2022-13-10',
  '22-10-28',
  '2022-10-28 ',
  '２０２２-10-28',
  '2022-09-27T07:03:34',
  '2022-09-27 07:03:34',
  '2022-09-27t07:03:34',
  '2022-09-27T24:00:00',
  '2022-09-27T23:60:00',
  '2022-09-27T23:59:60',
  '2022-09-27T07:03:34.',
  '2022-09-27T07:03:34.123456',
  '2022-09-27T07:03:34Z',
  '2022-09-27T07:03:34z',
  '2022-09-27T07:03:34+24:00',
  '2022-09-27T07:03:34-03:00',
  '2022-09-27T07:03:34-03:60',
  '2022-09-27T07:03:34+0300',
  '2022-09-27T07:03',
  0,
  -0,
  1,
  1.5,
  -1,
  1e21,
  2 ** 53,
  141.07452576,
  Number.MAX_VALUE,
  Infinity,
  NaN,
  true,
  false,
  null,
  [],
  [1],
  {},
  { enumerator: 'paid' },
  { enumerator: 7 },
]


/** The positions of the scalars (strings, numbers, booleans, nulls) in a JSON value. */
const leavesOf = (value: unknown): Array<Array<string | number>> =>
  positionsOf(value).filter((segments) => {
    let v: any = value
    for (const s of segments) v = v[s]
    return v === null || typeof v !== 'object'
  })

/** A valid payload with one to four leaves replaced by near misses or any JSON value, or removed. */
const multiMutatedWebhookArbitrary = installmentWebhookArbitrary().chain((payload) => {
  const leaves = leavesOf(payload)
  const replacement = fc.oneof(fc.constantFrom(...nearMisses), fc.jsonValue({ maxDepth: 1 }), fc.constant(REMOVED))
  return fc
    .array(fc.tuple(fc.integer({ min: 0, max: leaves.length - 1 }), replacement), { minLength: 1, maxLength: 4 })
    .map((changes) => {
      // Replacing by position in the original: apply deepest first, so an array removal shifts no later change.
      let out: unknown = payload
      const sorted = [...changes].sort(([a], [b]) => leaves[b].length - leaves[a].length || b - a)
      for (const [i, value] of sorted) out = replaceAt(out, leaves[i], value)
      return out
    })
})

/** The same value with every object given a null prototype: io-ts reads its fields as it reads a plain object's. */
const withNullPrototypes = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withNullPrototypes)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = Object.create(null)
  for (const [key, item] of Object.entries(value)) defineOwn(out, key, withNullPrototypes(item))
  return out
}

describe('compileCodec on the webhook codecs', () => {
  it('knows every codec kind inside both variants, so nothing falls back to io-ts', () => {
    for (const [, compiled] of compiledVariants) expect(compiled.fallbacks).toEqual([])
  })

  it('accepts every valid payload of both variants, as decode does, and returns the input itself', () => {
    fc.assert(
      fc.property(installmentWebhookArbitrary(), (payload) => {
        expect(expectSameAnswers(payload)).toBe(1)
      }),
      propertySettings(500),
    )
  })

  it('rejects every payload with one required field removed or mistyped, with the same errors as decode', () => {
    fc.assert(
      fc.property(brokenWebhookArbitrary(), ({ payload }) => {
        expect(expectSameAnswers(payload)).toBe(0)
      }),
      propertySettings(500),
    )
  })

  it('answers as decode for payloads with one value anywhere removed or replaced by any JSON value', () => {
    fc.assert(fc.property(mutatedWebhookArbitrary(), (payload) => void expectSameAnswers(payload)), propertySettings(500))
  })

  it('answers as decode for payloads with up to four leaves replaced by near misses, any JSON value, or removed', () => {
    fc.assert(fc.property(multiMutatedWebhookArbitrary, (payload) => void expectSameAnswers(payload)), propertySettings(1000))
  })

  it('answers as decode through the by-name guard for objects with a null prototype', () => {
    fc.assert(
      fc.property(fc.oneof(installmentWebhookArbitrary(), multiMutatedWebhookArbitrary), (payload) => {
        void expectSameAnswers(withNullPrototypes(payload), false)
      }),
      propertySettings(300),
    )
  })

  it.each(validFixtureNames)('answers as decode for %s with each leaf in turn removed or replaced by a near miss', (name) => {
    const fixture = loadFixture(name)
    expect(expectSameAnswers(fixture)).toBe(1)
    const replacements = [REMOVED, null, '', '2023-02-29', '2022-09-27T24:00:00', 1.5, 'x', true, [], {}]
    let rejected = 0
    for (const leaf of leavesOf(fixture)) {
      for (const value of replacements) if (expectSameAnswers(replaceAt(fixture, leaf, value)) === 0) rejected++
    }
    expect(rejected).toBeGreaterThan(0)
  })
})

describe('decodeInstallmentWebhook on generated payloads', () => {
  const payloads = fc.oneof(
    installmentWebhookArbitrary(),
    brokenWebhookArbitrary().map((b) => b.payload),
    mutatedWebhookArbitrary(),
    multiMutatedWebhookArbitrary.filter((u) => JSON.stringify(u) !== undefined),
  )

  it('accepts exactly what one variant codec decodes, from text and handed in, and reports io-ts\'s issues', () => {
    fc.assert(
      fc.property(payloads, (payload) => {
        const text = JSON.stringify(payload)
        const parsed: unknown = JSON.parse(text)
        const references = variants.map((codec) => codec.decode(parsed))
        const accepted = references.some((r) => r._tag === 'Right')
        for (const body of [text, parsed]) {
          const result = decodeInstallmentWebhook(body)
          expect(result._tag).toBe(accepted ? 'Right' : 'Left')
          if (result._tag === 'Right') expect(typeof body === 'string' || result.right === body).toBe(true)
          if (result._tag === 'Left' && result.left.code === 'INVALID_PAYLOAD') {
            // When `data.status` selects a variant, its issues are the ones io-ts's own errors give.
            const status = (parsed as { data?: { status?: unknown } }).data?.status
            const selected = status === 'update' ? 1 : (installmentStatuses as ReadonlyArray<unknown>).includes(status) ? 0 : -1
            const reference = references[selected]
            if (selected >= 0 && reference._tag === 'Left') expect(result.left.issues).toEqual(toIssues(reference.left))
          }
        }
      }),
      propertySettings(1000),
    )
  })
})

describe('the failure path', () => {
  it('collects the errors of 150,000 failing installments without overflowing the call stack', () => {
    const count = 150_000
    const item = { installment_key: 'k', due_date: '2024-07-17', total_amount: 'R$ 1,00' }
    const installments = Array.from({ length: count }, () => ({ ...item }))
    const body = { key: 'k', webhook_type: 'installment.status_change', data: { status: 'update', installments } }
    const result = decodeInstallmentWebhook(body)
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(result.left.code).toBe('INVALID_PAYLOAD')
    expect(result.left.issues).toHaveLength(count)
    expect(result.left.issues[count - 1]).toEqual({
      path: `data.installments[${count - 1}].total_amount`,
      expected: 'Amount',
      received: 'string (7 chars)',
    })
  })
})

describe('compileCodec on codec kinds the webhook does not use', () => {
  const expectSameOn = (codec: t.Mixed, values: ReadonlyArray<unknown>): void => {
    const compiled = compileCodec(codec)
    for (const value of values) expectSameAnswer(codec, compiled, value, false)
  }

  it('asks a codec it does not know (t.record, t.tuple) through its own validate and lists it', () => {
    const codec = t.type({ scores: t.record(t.string, t.number), pair: t.tuple([t.string, t.number]) })
    expect(compileCodec(codec).fallbacks).toEqual(['{ [K in string]: number }', '[string, number]'])
    expectSameOn(codec, [
      { scores: { a: 1 }, pair: ['a', 1] },
      { scores: { a: 'x' }, pair: ['a', 1] },
      { scores: {}, pair: ['a'] },
      { scores: [], pair: null },
    ])
  })

  it('leaves a codec that transforms (t.exact) to io-ts, which returns its stripped copy', () => {
    const codec = t.type({ inner: t.exact(t.type({ a: t.string })) })
    const compiled = compileCodec(codec)
    const value = { inner: { a: 'x', extra: 1 } }
    expect(compiled.is(value)).toBe(false)
    const result = compiled.validate(value, rootContext(codec, value))
    expect(result).toEqual(codec.decode(value))
    expect(result._tag === 'Right' && result.right).not.toBe(value)
    expect(compiled.is({ inner: { a: 'x' } })).toBe(true)
  })

  it('answers as decode for a tagged union, an intersection listing one key twice, t.unknown and keyof', () => {
    const Tagged = t.union([t.type({ kind: t.literal('a'), a: t.string }), t.type({ kind: t.literal('b'), b: t.number })])
    expectSameOn(Tagged, [{ kind: 'a', a: 'x' }, { kind: 'b', b: 'x' }, { kind: 'c' }, null, 'a'])
    const Twice = t.intersection([t.type({ a: t.string }), t.partial({ a: t.literal('x'), b: t.Int })])
    expectSameOn(Twice, [{ a: 'x' }, { a: 'y' }, {}, { a: 'x', b: 1.5 }, { a: 'x', b: 2 }, [], null])
    // io-ts copies an object to add a missing `t.unknown` key: that is not the input itself, so the guard says no.
    const Loose = t.type({ anything: t.unknown, list: t.UnknownArray, record: t.UnknownRecord })
    expectSameOn(Loose, [
      { anything: undefined, list: [], record: {} },
      { list: [], record: {} },
      { anything: 1, list: {}, record: [] },
      { anything: null, list: [], record: null },
    ])
    expect(compileCodec(Loose).is({ list: [], record: {} })).toBe(false)
    const Status = t.keyof({ paid: null, update: null })
    expectSameOn(t.type({ s: Status }), [{ s: 'paid' }, { s: '__proto__' }, { s: 'toString' }, { s: 1 }, {}])
    expectSameOn(t.array(t.union([IsoDate, t.null, t.number])), [['2022-10-28', null, 1], ['2022-10-32'], 'x', [undefined]])
  })

  it('accepts, as decode does, a union whose only accepting member transforms the value', () => {
    const codec = t.union([t.number, t.exact(t.type({ a: t.string }))])
    const compiled = compileCodec(codec)
    const value = { a: 'x', b: 1 }
    expect(compiled.validate(value, rootContext(codec, value))).toEqual(codec.decode(value))
    expectSameOn(codec, [1, { a: 'x' }, { a: 1 }, 'x'])
  })

  it('answers as decode for two partials listing the same key, which leave it optional', () => {
    const codec = t.intersection([t.partial({ a: t.string }), t.partial({ a: t.literal('x') })])
    expect(compileCodec(codec).is({})).toBe(true)
    expectSameOn(codec, [{}, { a: 'x' }, { a: 'y' }, { a: 1 }])
  })

  it('reports a payload object handed a non-object as the codec itself does', () => {
    const codec = t.type({ charge: payloadObject('Charge', { due_date: IsoDate }, { note: t.string }) })
    expectSameOn(codec, [{ charge: 'x' }, { charge: [] }, { charge: { due_date: 1, note: 2 } }, {}])
  })
})
