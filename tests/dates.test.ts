import fc from 'fast-check'
import { instantOf, isIsoDate, isIsoDateTime } from '../src/dates'
import { propertySettings } from './property-settings'

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

describe('isIsoDate and isIsoDateTime on fixed cases', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2022-04-31', false],
    ['2022-12-31', true],
    ['2022-00-10', false],
    ['2022-13-10', false],
    ['2022-10-00', false],
    ['2022-10-28 ', false],
    ['2022/10/28', false],
    ['2022/10-28', false],
    ['2022-10/28', false],
    ['2022-06-31', false],
    ['2022-09-31', false],
    ['2022-11-31', false],
    ['2022-11-30', true],
    ['1996-02-29', true],
    ['2012-02-29', true],
  ])('isIsoDate(%p) is %p', (s, expected) => {
    expect(isIsoDate(s)).toBe(expected)
  })

  it.each([
    ['2022-09-27T07:03:35', true],
    ['2026-02-13 20:38:07', true],
    ['2023-06-30T18:52:27.885731Z', true],
    ['2022-09-27T07:03:35-03:00', true],
    ['2022-09-27T23:59:59+23:59', true],
    ['2022-09-27T24:00:00', false],
    ['2022-09-27T07:60:00', false],
    ['2022-09-27T07:03:60', false],
    ['2022-09-27T07:03:35.', false],
    ['2022-09-27T07:03:35Zx', false],
    ['2022-09-27T07:03:35+24:00', false],
    ['2022-09-27T07:03:35+03:60', false],
    ['2022-09-27T07:03:35+0300', false],
    ['2022-09-27t07:03:35', false],
    ['2022-09-27T07:03', false],
    ['2022-02-30T07:03:35', false],
    ['2022-09-27T07-03:35', false],
    ['2022-09-27T07:03-35', false],
    ['2022-09-27T07:/3:35', false],
    ['2022-09-27T07:03:/5', false],
    ['2022-09-27T07:03:35X03:00', false],
    ['2022-09-27T07:03:35+03:001', false],
    ['2022-09-27T07:03:35+03-00', false],
    ['2022-09-27T07:03:35+/3:00', false],
    ['2022-09-27T07:03:35+0/:00', false],
    ['2022-09-27T07:03:35+03:/0', false],
    ['2022-09-27T07:03:35.5+03:00', true],
  ])('isIsoDateTime(%p) is %p', (s, expected) => {
    expect(isIsoDateTime(s)).toBe(expected)
  })
})

describe('instantOf', () => {
  it('reads a date-time exactly when isIsoDateTime accepts it, at the instant Date.parse gives a zoned one', () => {
    fc.assert(
      fc.property(dateLikeStrings, (s) => {
        const instant = instantOf(s)
        expect(instant !== undefined).toBe(isIsoDateTime(s))
        if (instant === undefined) return
        // Date.parse reads a zone-less value as local time and years before 1000 poorly: compare it as UTC, from 1970.
        const iso = `${s.slice(0, 10)}T${s.slice(11, 19)}${instant.zoned ? s.slice(19).replace(/^\.\d+/, '') : 'Z'}`
        if (Number(s.slice(0, 4)) >= 1970) expect(instant.seconds).toBe(Date.parse(iso) / 1000)
        expect(instant.fraction).toBe(/^\.(\d+)/.exec(s.slice(19))?.[1] ?? '')
      }),
      propertySettings(3000),
    )
  })

  it.each([
    ['2022-09-27T07:03:35', { seconds: 1_664_262_215, fraction: '', zoned: false }],
    ['2022-09-27 07:03:35.120', { seconds: 1_664_262_215, fraction: '120', zoned: false }],
    ['2023-06-30T18:52:27.885731Z', { seconds: 1_688_151_147, fraction: '885731', zoned: true }],
    ['2026-11-27T12:00:00-03:00', { seconds: 1_795_791_600, fraction: '', zoned: true }],
    ['1969-12-31T23:59:59Z', { seconds: -1, fraction: '', zoned: true }],
    ['2026-11-27T12:00:00+01:30', { seconds: 1_795_775_400, fraction: '', zoned: true }],
  ])('reads %s', (s, instant) => {
    expect(instantOf(s)).toEqual(instant)
  })
})

describe('instantOf across months and leap days', () => {
  it.each(['2024-01-31', '2024-02-01', '2024-02-29', '2024-03-01', '2023-02-28', '2023-03-01', '2000-02-29', '2100-03-01', '1970-01-01'])(
    'places %s at the instant Date.parse gives',
    (day) => {
      expect(instantOf(`${day}T06:30:00Z`)?.seconds).toBe(Date.parse(`${day}T06:30:00Z`) / 1000)
    },
  )
})
