import fc from 'fast-check'
import { formatHttpDate, parseHttpDate, parseIsoTimestamp } from '../../src/signature/timestamps'
import { propertySettings } from '../property-settings'

describe('parseIsoTimestamp', () => {
  it.each([
    ['2023-06-30T18:52:27.885731Z', Date.UTC(2023, 5, 30, 18, 52, 27, 885) + 0.731],
    ['2023-06-30T18:52:27Z', Date.UTC(2023, 5, 30, 18, 52, 27)],
    ['2023-06-30T18:52:27.5Z', Date.UTC(2023, 5, 30, 18, 52, 27, 500)],
    ['2023-06-30T15:52:27-03:00', Date.UTC(2023, 5, 30, 18, 52, 27)],
    ['2023-06-30T20:22:27+01:30', Date.UTC(2023, 5, 30, 18, 52, 27)],
    ['2023-06-30T18:52:27.25+00:00', Date.UTC(2023, 5, 30, 18, 52, 27, 250)],
    ['2024-02-29T23:59:59Z', Date.UTC(2024, 1, 29, 23, 59, 59)],
    ['2023-06-30T00:00:00.123456789+23:59', Date.UTC(2023, 5, 29, 0, 1, 0, 123) + 0.456789],
    ['0100-01-01T00:00:00Z', Date.UTC(100, 0, 1)],
    // The proleptic Gregorian calendar, as the core reads every date: Date.UTC would read year 99 as 1999.
    ['0099-12-31T00:00:00Z', -59011545600000],
  ])('reads %s', (text, expected) => {
    expect(parseIsoTimestamp(text)).toBeCloseTo(expected, 6)
  })

  it.each([
    ['no zone', '2023-06-30T18:52:27.885731'],
    ['a space for T', '2023-06-30 18:52:27Z'],
    ['February 30', '2023-02-30T18:52:27Z'],
    ['February 29 of a common year', '2023-02-29T18:52:27Z'],
    ['month 13', '2023-13-01T18:52:27Z'],
    ['month 0', '2023-00-01T18:52:27Z'],
    ['day 0', '2023-06-00T18:52:27Z'],
    ['hour 24', '2023-06-30T24:00:00Z'],
    ['minute 60', '2023-06-30T18:60:00Z'],
    ['second 60', '2023-06-30T18:52:60Z'],
    ['an offset hour of 24', '2023-06-30T18:52:27+24:00'],
    ['an offset minute of 60', '2023-06-30T18:52:27+01:60'],
    ['ten fraction digits', '2023-06-30T18:52:27.1234567890Z'],
    ['an empty fraction', '2023-06-30T18:52:27.Z'],
    ['a lower-case z', '2023-06-30T18:52:27z'],
    ['text before it', ' 2023-06-30T18:52:27Z'],
    ['text after it', '2023-06-30T18:52:27Zjunk'],
    ['seconds in the offset', '2023-06-30T18:52:27+01:00:00'],
    ['day 31 of a 30-day month', '2023-06-31T18:52:27Z'],
    ['day 99', '2023-01-99T18:52:27Z'],
    ['month 99', '2023-99-01T18:52:27Z'],
    ['epoch seconds', '1688151147'],
  ])('rejects %s', (_, text) => {
    expect(parseIsoTimestamp(text)).toBeUndefined()
  })

  it('agrees with Date.parse on every whole-millisecond UTC instant written by toISOString', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        expect(parseIsoTimestamp(date.toISOString())).toBe(date.getTime())
      }),
      propertySettings(1000),
    )
  })
})

describe('parseHttpDate', () => {
  it.each([
    ['Fri, 27 Nov 2026 12:00:00 GMT', Date.UTC(2026, 10, 27, 12)],
    ['Thu, 29 Feb 2024 23:59:59 GMT', Date.UTC(2024, 1, 29, 23, 59, 59)],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
    ['Sun, 31 Dec 2028 00:00:01 GMT', Date.UTC(2028, 11, 31, 0, 0, 1)],
    ['Fri, 27 Nov 0099 12:00:00 GMT', -59014440000000],
  ])('reads %s', (text, expected) => {
    expect(parseHttpDate(text)).toBe(expected)
  })

  it.each([
    ['the wrong weekday', 'Thu, 27 Nov 2026 12:00:00 GMT'],
    ['no GMT', 'Fri, 27 Nov 2026 12:00:00'],
    ['UTC for GMT', 'Fri, 27 Nov 2026 12:00:00 UTC'],
    ['an offset', 'Fri, 27 Nov 2026 12:00:00 +0000'],
    ['a one-digit day', 'Fri, 6 Nov 2026 12:00:00 GMT'],
    ['an unknown month', 'Fri, 27 Nox 2026 12:00:00 GMT'],
    ['an unknown weekday', 'Fre, 27 Nov 2026 12:00:00 GMT'],
    ['a month in capitals', 'Fri, 27 NOV 2026 12:00:00 GMT'],
    ['February 30', 'Mon, 30 Feb 2026 12:00:00 GMT'],
    ['day 0', 'Sat, 00 Nov 2026 12:00:00 GMT'],
    ['hour 24', 'Fri, 27 Nov 2026 24:00:00 GMT'],
    ['minute 60', 'Fri, 27 Nov 2026 12:60:00 GMT'],
    ['second 60', 'Fri, 27 Nov 2026 12:00:60 GMT'],
    ['no weekday', '27 Nov 2026 12:00:00 GMT'],
    ['the asctime form', 'Fri Nov 27 12:00:00 2026'],
    ['an ISO-8601 date', '2026-11-27T12:00:00Z'],
    ['text before it', 'xFri, 27 Nov 2026 12:00:00 GMT'],
    ['text after it', 'Fri, 27 Nov 2026 12:00:00 GMT+3'],
    ['a weekday that is not the date’s in a year before 100', 'Wed, 27 Nov 0099 12:00:00 GMT'],
    ['day 31 of a 30-day month', 'Tue, 31 Nov 2026 12:00:00 GMT'],
  ])('rejects a date with %s', (_, text) => {
    expect(parseHttpDate(text)).toBeUndefined()
  })

  // The last second of each month, then the day after it: every month name maps to its month and its length.
  it.each([
    ['Sun, 31 Jan 2027 23:59:59 GMT', 0, 31, 'Mon, 32 Jan 2027 00:00:00 GMT'],
    ['Sun, 28 Feb 2027 23:59:59 GMT', 1, 28, 'Mon, 29 Feb 2027 00:00:00 GMT'],
    ['Wed, 31 Mar 2027 23:59:59 GMT', 2, 31, 'Thu, 32 Mar 2027 00:00:00 GMT'],
    ['Fri, 30 Apr 2027 23:59:59 GMT', 3, 30, 'Sat, 31 Apr 2027 00:00:00 GMT'],
    ['Mon, 31 May 2027 23:59:59 GMT', 4, 31, 'Tue, 32 May 2027 00:00:00 GMT'],
    ['Wed, 30 Jun 2027 23:59:59 GMT', 5, 30, 'Thu, 31 Jun 2027 00:00:00 GMT'],
    ['Sat, 31 Jul 2027 23:59:59 GMT', 6, 31, 'Sun, 32 Jul 2027 00:00:00 GMT'],
    ['Tue, 31 Aug 2027 23:59:59 GMT', 7, 31, 'Wed, 32 Aug 2027 00:00:00 GMT'],
    ['Thu, 30 Sep 2027 23:59:59 GMT', 8, 30, 'Fri, 31 Sep 2027 00:00:00 GMT'],
    ['Sun, 31 Oct 2027 23:59:59 GMT', 9, 31, 'Mon, 32 Oct 2027 00:00:00 GMT'],
    ['Tue, 30 Nov 2027 23:59:59 GMT', 10, 30, 'Wed, 31 Nov 2027 00:00:00 GMT'],
    ['Fri, 31 Dec 2027 23:59:59 GMT', 11, 31, 'Sat, 32 Dec 2027 00:00:00 GMT'],
  ])('reads %s, a date in each of the twelve months, and rejects the day after its last', (text, month, day, dayAfter) => {
    expect(parseHttpDate(text)).toBe(Date.UTC(2027, month, day, 23, 59, 59))
    expect(parseHttpDate(dayAfter)).toBeUndefined()
  })

  it('reads back every whole-second date that formatHttpDate writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) / 1000 }), (seconds) => {
        expect(parseHttpDate(formatHttpDate(new Date(seconds * 1000)))).toBe(seconds * 1000)
      }),
      propertySettings(1000),
    )
  })
})
