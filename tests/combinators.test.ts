import fc from 'fast-check'
import * as t from 'io-ts'
import { Amount, IsoDate } from '../src'
import {
  MAX_ISSUES,
  budgetOf,
  enumerator,
  isEnumeratorValue,
  isRecord,
  listOf,
  nullable,
  openEnum,
  payloadObject,
} from '../src/combinators'
import { defineOwn, extraValueArbitrary, prototypeKeys } from './arbitraries'
import { propertySettings } from './property-settings'

// What payloadObject stands for: io-ts's own intersection of the required and the nullable optional props; its `is`
// stands in for the hand-written guard each payload object of the package is given.
const ChargeByIoTs = t.intersection([
  t.type({ label: t.string, due_date: IsoDate }),
  t.partial({ note: nullable(t.string), total_amount: nullable(Amount) }),
])
const Charge = payloadObject('Charge', { label: t.string, due_date: IsoDate }, { note: t.string, total_amount: Amount }, ChargeByIoTs.is)

/** A `Charge`-like body as JSON.parse makes it: fields of any JSON value, and prototype-named keys among them. */
const chargeLike = fc
  .record(
    {
      label: fc.oneof(fc.string(), extraValueArbitrary()),
      due_date: fc.oneof(fc.constantFrom('2024-07-17', '2023-02-30'), extraValueArbitrary()),
      note: fc.oneof(fc.string(), fc.constant(null), extraValueArbitrary()),
      total_amount: fc.oneof(fc.double(), fc.constant(null), extraValueArbitrary()),
      hostile: fc.uniqueArray(fc.constantFrom(...prototypeKeys), { maxLength: 3 }),
    },
    { requiredKeys: ['hostile'] },
  )
  .map(({ hostile, ...fields }) => {
    const body: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(fields)) defineOwn(body, key, value)
    for (const key of hostile) defineOwn(body, key, { polluted: 'yes', due_date: 'not a date' })
    return JSON.parse(JSON.stringify(body)) as Record<string, unknown>
  })

/**
 * An io-ts error reduced to what a report reads: the value, every context key, and the codec that failed (the
 * intersection's parts are other objects, with other names, in the reference).
 */
const shapeOf = (errors: t.Errors) =>
  errors.map((e) => ({ value: e.value, keys: e.context.map((c) => c.key), failed: e.context[e.context.length - 1].type.name }))

describe('payloadObject', () => {
  it('accepts and rejects what io-ts\'s own intersection accepts, with the same errors and contexts', () => {
    fc.assert(
      fc.property(chargeLike, (body) => {
        const ours = Charge.decode(body)
        const reference = ChargeByIoTs.decode(body)
        expect(ours._tag).toBe(reference._tag)
        if (ours._tag === 'Left' && reference._tag === 'Left') {
          expect(shapeOf(ours.left)).toEqual(shapeOf(reference.left))
        }
      }),
      propertySettings(500),
    )
  })

  it('returns the input itself, whose __proto__ key stays an own property, and leaves Object.prototype alone', () => {
    fc.assert(
      fc.property(chargeLike, (body) => {
        const result = Charge.decode(body)
        if (result._tag === 'Right') expect(result.right).toBe(body)
        expect(Object.getPrototypeOf(body)).toBe(Object.prototype)
      }),
      propertySettings(200),
    )
    const body = JSON.parse('{"label":"a","due_date":"2024-07-17","__proto__":{"polluted":"yes"}}') as unknown
    const result = Charge.decode(body)
    expect(result._tag === 'Right' && result.right).toBe(body)
    expect('polluted' in (body as object)).toBe(false)
    expect('polluted' in {}).toBe(false)
  })

  it('reports a missing required key and a wrong optional value by path, inside another codec', () => {
    const result = t.type({ charge: Charge }).decode(JSON.parse('{"charge":{"label":"a","note":7}}'))
    if (result._tag === 'Right') throw new Error('expected a Left')
    const paths = result.left.map((e) => e.context.map((c) => c.key).filter((k) => k !== '' && !/^\d$/.test(k)).join('.'))
    expect(paths).toEqual(['charge.due_date', 'charge.note', 'charge.note'])
  })

  it('passes over a field whose codec accepts it by its is, the guard, and reports the others with io-ts contexts', () => {
    // The guards are the fast path: a nested payload object's guard that accepts anything lets its field through.
    const Lenient = payloadObject('Lenient', { amount: Amount }, {}, () => true)
    const Strict = payloadObject('Strict', { amount: Amount }, {}, (u) => isRecord(u) && typeof u.amount === 'number')
    const Outer = payloadObject('Outer', { lenient: Lenient, strict: Strict, items: listOf(Strict, 'Stricts') }, {}, () => false)
    const result = Outer.decode(JSON.parse('{"lenient":{"amount":"1"},"strict":{"amount":"2"},"items":[{"amount":3},{"amount":"4"}]}'))
    if (result._tag === 'Right') throw new Error('expected a Left')
    const paths = result.left.map((e) => e.context.map((c) => c.key).join('/'))
    expect(paths).toEqual(['/0/strict/0/amount', '/0/items/1/0/amount'])
  })

  it('builds at most MAX_ISSUES issues for a failing body and counts the rest exactly', () => {
    const Charges = listOf(Charge, 'Charges')
    // Each empty charge lacks both required fields: two issues each.
    const body = Array.from({ length: 250 }, () => ({}))
    const context: t.Context = [{ key: '', type: Charges, actual: body }]
    const result = Charges.validate(body, context)
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(result.left).toHaveLength(MAX_ISSUES)
    expect(budgetOf(context).omitted).toBe(500 - MAX_ISSUES)
  })

  it('encodes a value as itself', () => {
    const value = { label: 'a', due_date: '2024-07-17' } as t.TypeOf<typeof Charge>
    expect(Charge.encode(value)).toBe(value)
  })
})

describe('isRecord', () => {
  it.each([
    [{}, true],
    [Object.create(null), true],
    [new Date(0), true],
    [new Map(), true],
    [[], false],
    [null, false],
    ['x', false],
    [undefined, false],
  ])('answers as io-ts t.UnknownRecord.is for %p', (value, expected) => {
    expect(isRecord(value)).toBe(expected)
    expect(t.UnknownRecord.is(value)).toBe(expected)
  })
})

describe('openEnum and enumerator', () => {
  const Color = enumerator(['red', 'blue'] as const, 'ColorEnumerator')

  it('accepts known and unknown string values and lists the known ones', () => {
    const Channel = openEnum(['api', 'portal'] as const, 'Channel')
    expect(Channel).toBeInstanceOf(t.Type)
    expect(Channel.known).toEqual(['api', 'portal'])
    expect(Channel.decode('whatsapp')).toEqual({ _tag: 'Right', right: 'whatsapp' })
    expect(Channel.decode(7)._tag).toBe('Left')
  })

  it.each([
    [{ enumerator: 'red', translation_path: 'co.Color.red' }, true],
    [{ enumerator: 'green' }, true],
    [{ enumerator: 'red', translation_path: null }, true],
    [{ enumerator: 'red', translation_path: 7 }, false],
    [{ enumerator: 7 }, false],
    [{ translation_path: 'co.Color.red' }, false],
    ['red', false],
    [[], false],
    [null, false],
  ])('judges %p as its codec does, in isEnumeratorValue too', (value, expected) => {
    expect(Color.decode(value)._tag).toBe(expected ? 'Right' : 'Left')
    expect(isEnumeratorValue(value)).toBe(expected)
  })
})

describe('nullable', () => {
  it('accepts null and the codec\'s values, and names both', () => {
    const NullableDate = nullable(IsoDate)
    expect(NullableDate.name).toBe('IsoDate | null')
    expect(NullableDate.is(null)).toBe(true)
    expect(NullableDate.is('2024-02-29')).toBe(true)
    expect(NullableDate.is(undefined)).toBe(false)
  })
})

describe('listOf', () => {
  const Dates = listOf(IsoDate, 'Dates')

  it.each([
    [['2024-02-29'], true],
    [[], true],
    // eslint-disable-next-line no-sparse-arrays
    [[, '2024-02-29'], false],
    [new Array(2), false],
    [['2024-02-30'], false],
    [{ length: 0 }, false],
  ])('answers %p in is() as its validate does, reading holes as undefined', (value, expected) => {
    expect(Dates.is(value)).toBe(expected)
    expect(Dates.decode(value)._tag).toBe(expected ? 'Right' : 'Left')
  })

  it('differs from io-ts\'s own t.array only where its is() skips holes', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [, '2024-02-29']
    expect(t.array(IsoDate).is(sparse)).toBe(true)
    expect(t.array(IsoDate).decode(sparse)._tag).toBe('Left')
    expect(Dates.is(sparse)).toBe(false)
  })
})
