import fc from 'fast-check'
import * as t from 'io-ts'
import { isDeepStrictEqual } from 'node:util'
import { Amount, IsoDate, isIsoDate, isIsoDateTime, payloadObject } from '../src'
import { defineOwn, extraValueArbitrary, prototypeKeys } from './arbitraries'
import { propertySettings } from './property-settings'

// A property codec that transforms what it decodes, as a caller's own codec may: io-ts must copy the object then.
const Trimmed = new t.Type<string, string, unknown>(
  'Trimmed',
  (u): u is string => typeof u === 'string',
  (u, c) => (typeof u === 'string' ? t.success(u.trim()) : t.failure(u, c)),
  t.identity,
)
const Charge = payloadObject('Charge', { label: Trimmed, due_date: IsoDate }, { note: Trimmed, total_amount: Amount })

const attackerPrototype = () => ({ polluted: 'yes', due_date: 'not a date', note: 42 })

/** A `Charge` body as JSON.parse makes it, with `__proto__` and other prototype-named keys among its fields. */
const chargeWithHostileKeys = fc
  .record({
    label: fc.string(),
    note: fc.option(fc.string(), { nil: undefined }),
    hostile: fc.uniqueArray(fc.constantFrom(...prototypeKeys), { minLength: 1 }),
    extra: extraValueArbitrary(),
  })
  .map(({ label, note, hostile, extra }) => {
    const body: Record<string, unknown> = {}
    defineOwn(body, 'label', ` ${label} `)
    defineOwn(body, 'due_date', '2024-07-17')
    if (note !== undefined) defineOwn(body, 'note', note)
    for (const key of hostile) defineOwn(body, key, key === '__proto__' ? attackerPrototype() : extra)
    return JSON.parse(JSON.stringify(body)) as Record<string, unknown>
  })

describe('payloadObject', () => {
  it('returns the input itself when no property codec transforms', () => {
    const body = JSON.parse('{"due_date":"2024-07-17","total_amount":1,"__proto__":{"polluted":"yes"}}') as unknown
    const result = payloadObject('Plain', { due_date: IsoDate }, { total_amount: Amount }).decode(body)
    expect(result._tag === 'Right' && result.right).toBe(body)
  })

  it('copies with own data properties when a property codec transforms, so a __proto__ key never becomes the prototype', () => {
    fc.assert(
      fc.property(chargeWithHostileKeys, (body) => {
        const result = Charge.decode(body)
        if (result._tag === 'Left') throw new Error('expected a Right')
        const decoded = result.right as Record<string, unknown>
        expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype)
        expect('polluted' in decoded).toBe(false)
        // Every key of the body is kept as received, except the transformed values.
        expect(Object.keys(decoded)).toEqual(Object.keys(body))
        for (const key of Object.keys(body)) {
          const expected = key === 'label' || key === 'note' ? (body[key] as string).trim() : body[key]
          expect(isDeepStrictEqual(decoded[key], expected)).toBe(true)
        }
        expect(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value).toEqual(
          Object.getOwnPropertyDescriptor(body, '__proto__')?.value,
        )
      }),
      propertySettings(200),
    )
    expect('polluted' in {}).toBe(false)
  })

  it('encodes with the property codecs, keeping a __proto__ key an own property of a plain object', () => {
    const Upper = new t.Type<string, string, unknown>('Upper', t.string.is, t.string.validate, (a) => a.toUpperCase())
    const Tagged = payloadObject('Tagged', { label: Upper }, { note: Upper })
    const value = JSON.parse('{"label":"a","note":null,"__proto__":{"polluted":"yes"}}') as t.TypeOf<typeof Tagged>
    const encoded = Tagged.encode(value) as Record<string, unknown>
    expect(encoded.label).toBe('A')
    expect(encoded.note).toBeNull()
    expect(Object.getPrototypeOf(encoded)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(encoded, '__proto__')?.value).toEqual({ polluted: 'yes' })
    expect(Tagged.encode({ label: 'b' })).toEqual({ label: 'B' })
  })

  it('reports a missing required key and a wrong optional value of a transforming codec by path', () => {
    const result = t.type({ charge: Charge }).decode(JSON.parse('{"charge":{"label":" a ","note":7}}'))
    if (result._tag === 'Right') throw new Error('expected a Left')
    const paths = result.left.map((e) => e.context.map((c) => c.key).filter((k) => k !== '' && !/^\d$/.test(k)).join('.'))
    expect(paths).toEqual(['charge.due_date', 'charge.note', 'charge.note'])
  })
})

// The scanners behind IsoDate and IsoDateTime against the format written as regular expressions, with JavaScript's
// Date as the calendar: both must accept exactly the same strings.
const DATE_FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME_FORMAT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))?$/

const isRealDay = (year: string, month: string, day: string): boolean => {
  const date = new Date(0)
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day))
  return Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && date.getUTCDate() === Number(day)
}

const referenceIsDate = (s: string): boolean => {
  const m = DATE_FORMAT.exec(s)
  return m !== null && isRealDay(m[1], m[2], m[3])
}

const referenceIsDateTime = (s: string): boolean => {
  const m = DATE_TIME_FORMAT.exec(s)
  if (m === null || !isRealDay(m[1], m[2], m[3])) return false
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false
  return m[7] === undefined || (Number(m[7]) <= 23 && Number(m[8]) <= 59)
}

/** Strings near the formats: valid ones with one character changed, inserted or removed, and strings of their characters. */
const dateLikeStrings = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789-:T Z+.tz/'), maxLength: 32 }),
  fc
    .tuple(
      fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
      fc.constantFrom('', '.5', '.123456789'),
      fc.constantFrom('', 'Z', '+03:00', '-23:59', '+24:00', '-03:60'),
      fc.constantFrom(10, 19),
    )
    .chain(([date, fraction, zone, length]) => {
      const base = `${date.toISOString().slice(0, length)}${length === 19 ? `${fraction}${zone}` : ''}`
      return fc.tuple(
        fc.integer({ min: 0, max: base.length }),
        fc.constantFrom('', ...'0123456789-:T Z+.x٣'),
        fc.constantFrom('replace', 'insert', 'keep'),
      ).map(([at, c, how]) =>
        how === 'keep' ? base : how === 'insert' ? `${base.slice(0, at)}${c}${base.slice(at)}` : `${base.slice(0, at)}${c}${base.slice(at + 1)}`,
      )
    }),
  fc.constantFrom('2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '2022-04-31', '2022-12-31T23:59:59.9Z', '0000-01-01 00:00:00'),
)

describe('isIsoDate and isIsoDateTime', () => {
  it('accept exactly the strings the regular-expression definition with a real calendar accepts', () => {
    fc.assert(
      fc.property(dateLikeStrings, (s) => {
        expect(isIsoDate(s)).toBe(referenceIsDate(s))
        expect(isIsoDateTime(s)).toBe(referenceIsDateTime(s))
      }),
      propertySettings(3000),
    )
  })
})
