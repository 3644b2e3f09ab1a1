// The calendar scans behind the `IsoDate` and `IsoDateTime` codecs. Internal: not re-exported.

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

/** True when `s` is a date, `T` or space, `HH:MM:SS`, an optional fraction and an optional `Z` or offset. */
export const isIsoDateTime = (s: string): boolean => {
  const length = s.length
  if (length < 19 || !startsWithDate(s)) return false
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
  if (!clock) return false
  if (length === 19) return true
  let i = 19
  if (s.charCodeAt(i) === DOT) {
    const first = ++i
    while (i < length && isDigit(digitAt(s, i))) i++
    if (i === first) return false
    if (i === length) return true
  }
  const zone = s.charCodeAt(i)
  if (zone === UPPER_Z) return i + 1 === length
  if ((zone !== PLUS && zone !== HYPHEN) || i + 6 !== length || s.charCodeAt(i + 3) !== COLON) return false
  const oh0 = digitAt(s, i + 1)
  const oh1 = digitAt(s, i + 2)
  const om0 = digitAt(s, i + 4)
  const om1 = digitAt(s, i + 5)
  return isDigit(oh0) && isDigit(oh1) && oh0 * 10 + oh1 <= 23 && om0 >= 0 && om0 <= 5 && isDigit(om1)
}
