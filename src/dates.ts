// The calendar scans behind the `IsoDate` and `IsoDateTime` codecs, and the one reader of the instant a date-time
// names (for ordering deliveries, signature timestamps and the CLI). Internal: not re-exported.

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31

// The scanners below read character codes instead of running a regular expression: every valid delivery checks
// several dates, and a match array per date would cost more than the rest of the validation. They read each
// character at most once, so any input is checked in time linear in its length, and they allocate nothing.
const ZERO = 48
const HYPHEN = 45
const COLON = 58
const DOT = 46
const PLUS = 43
const UPPER_T = 84
const UPPER_Z = 90
const SPACE = 32

/** The digit at `i` as a number; any other character (or none) gives a value outside 0-9, or NaN. */
const digitAt = (s: string, i: number): number => s.charCodeAt(i) - ZERO

const isDigit = (d: number): boolean => d >= 0 && d <= 9

/** True when `s` starts with `YYYY-MM-DD` naming a real calendar day (anything may follow). */
const startsWithDate = (s: string): boolean => {
  const y0 = digitAt(s, 0)
  const y1 = digitAt(s, 1)
  const y2 = digitAt(s, 2)
  const y3 = digitAt(s, 3)
  const m0 = digitAt(s, 5)
  const m1 = digitAt(s, 6)
  const d0 = digitAt(s, 8)
  const d1 = digitAt(s, 9)
  const digits =
    isDigit(y0) && isDigit(y1) && isDigit(y2) && isDigit(y3) && isDigit(m0) && isDigit(m1) && isDigit(d0) && isDigit(d1)
  const month = m0 * 10 + m1
  const day = d0 * 10 + d1
  return (
    digits &&
    s.charCodeAt(4) === HYPHEN &&
    s.charCodeAt(7) === HYPHEN &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    // Every month has 28 days: the calendar is only consulted for the 29th to the 31st.
    (day <= 28 || day <= daysInMonth(y0 * 1000 + y1 * 100 + y2 * 10 + y3, month))
  )
}

/** True when `s` is a `YYYY-MM-DD` string naming a real calendar day. */
export const isIsoDate = (s: string): boolean => s.length === 10 && startsWithDate(s)

/** A date-time as a point on a line; see {@link instantOf}. */
export interface Instant {
  /** Seconds since 1970-01-01T00:00:00: in UTC for a zoned value, the wall clock unchanged for a zone-less one. */
  readonly seconds: number
  /** The digits after the dot, `''` when none. */
  readonly fraction: string
  /** Whether a zone (`Z` or an offset) was given. */
  readonly zoned: boolean
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil), without `Date`. */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468
}

const twoDigits = (s: string, i: number): number => digitAt(s, i) * 10 + digitAt(s, i + 1)

/** Where the zone of a date-time starts (after the clock and fraction), or -1 when `s` is not a date-time. */
const zoneStart = (s: string): number => {
  const length = s.length
  if (length < 19 || !startsWithDate(s)) return -1
  const separator = s.charCodeAt(10)
  const h0 = digitAt(s, 11)
  const h1 = digitAt(s, 12)
  const m0 = digitAt(s, 14)
  const m1 = digitAt(s, 15)
  const s0 = digitAt(s, 17)
  const s1 = digitAt(s, 18)
  const clock =
    (separator === UPPER_T || separator === SPACE) &&
    s.charCodeAt(13) === COLON &&
    s.charCodeAt(16) === COLON &&
    isDigit(h0) &&
    isDigit(h1) &&
    isDigit(m1) &&
    isDigit(s1) &&
    h0 * 10 + h1 <= 23 &&
    m0 >= 0 &&
    m0 <= 5 &&
    s0 >= 0 &&
    s0 <= 5
  if (!clock) return -1
  let i = 19
  if (s.charCodeAt(i) === DOT) {
    const first = ++i
    while (i < length && isDigit(digitAt(s, i))) i++
    if (i === first) return -1
  }
  if (i === length) return i
  const zone = s.charCodeAt(i)
  if (zone === UPPER_Z) return i + 1 === length ? i : -1
  if ((zone !== PLUS && zone !== HYPHEN) || i + 6 !== length || s.charCodeAt(i + 3) !== COLON) return -1
  const oh0 = digitAt(s, i + 1)
  const oh1 = digitAt(s, i + 2)
  const om0 = digitAt(s, i + 4)
  const om1 = digitAt(s, i + 5)
  return isDigit(oh0) && isDigit(oh1) && oh0 * 10 + oh1 <= 23 && om0 >= 0 && om0 <= 5 && isDigit(om1) ? i : -1
}

/** True when `s` is a date, `T` or space, `HH:MM:SS`, an optional fraction and an optional `Z` or offset. */
export const isIsoDateTime = (s: string): boolean => zoneStart(s) !== -1

/**
 * The instant a date-time names, read exactly as {@link isIsoDateTime} accepts it, or `undefined` for any other
 * string. A zone-less value keeps its wall clock: callers never compare it with a zoned one.
 */
export const instantOf = (s: string): Instant | undefined => {
  const zone = zoneStart(s)
  if (zone === -1) return undefined
  const days = daysFromCivil(twoDigits(s, 0) * 100 + twoDigits(s, 2), twoDigits(s, 5), twoDigits(s, 8))
  let seconds = days * 86_400 + twoDigits(s, 11) * 3600 + twoDigits(s, 14) * 60 + twoDigits(s, 17)
  const zoned = zone < s.length
  if (zoned && s.charCodeAt(zone) !== UPPER_Z) {
    const offset = twoDigits(s, zone + 1) * 3600 + twoDigits(s, zone + 4) * 60
    seconds -= s.charCodeAt(zone) === HYPHEN ? -offset : offset
  }
  return { seconds, fraction: zone > 20 ? s.slice(20, zone) : '', zoned }
}
