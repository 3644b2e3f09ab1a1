// The two ways QI Tech writes when it signed a delivery. Both patterns are fixed-width apart from one bounded
// `\d{1,9}`, so matching attacker text against them takes linear time.

// Date `T` time, an optional fraction (QI Tech sends microseconds), then `Z` or a `±HH:MM` offset, which is
// required: a time without a zone names no instant.
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/

/**
 * Milliseconds since the epoch of a UTC calendar date and time, or `undefined` when the fields name no real one.
 * Date.UTC rolls an impossible day or month over (2023-02-30 becomes 2023-03-02, month 13 the next January), which
 * always moves the month, and reads years before 100 as 1900 and later: a real date keeps its year and month.
 */
const utcMs = (year: number, month: number, day: number, hour: number, minute: number, second: number): number | undefined => {
  if (hour > 23 || minute > 59 || second > 59) return undefined
  const midnight = Date.UTC(year, month - 1, day)
  const date = new Date(midnight)
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return undefined
  return midnight + ((hour * 60 + minute) * 60 + second) * 1000
}

/**
 * The instant a v2 signature's `timestamp` claim names (ISO-8601 with a zone, e.g. `2023-06-30T18:52:27.885731Z`),
 * in milliseconds since the epoch with the sub-millisecond fraction kept, or `undefined` when it names none.
 */
export const parseIsoTimestamp = (text: string): number | undefined => {
  const m = ISO_TIMESTAMP.exec(text)
  if (m === null) return undefined
  const ms = utcMs(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  const [offsetHours, offsetMinutes] = [Number(m[9] ?? 0), Number(m[10] ?? 0)]
  if (ms === undefined || offsetHours > 23 || offsetMinutes > 59) return undefined
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000
  return ms + fraction - (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000
}

// RFC 1123 as HTTP writes it (IMF-fixdate), always in GMT: `Fri, 27 Nov 2026 12:00:00 GMT`.
const HTTP_DATE = /^([A-Z][a-z]{2}), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * The instant a legacy (v1) signature's date line names (`Fri, 27 Nov 2026 12:00:00 GMT`, as Python's
 * `formatdate(usegmt=True)` and JavaScript's `toUTCString()` write it), or `undefined` when it names none, is not in
 * GMT, or gives a weekday that is not the date's.
 */
export const parseHttpDate = (text: string): number | undefined => {
  const m = HTTP_DATE.exec(text)
  if (m === null) return undefined
  const ms = utcMs(Number(m[4]), MONTHS.indexOf(m[3]) + 1, Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]))
  // An invalid date (NaN) has no weekday, so it fails the comparison too.
  return WEEKDAYS[new Date(ms ?? Number.NaN).getUTCDay()] === m[1] ? ms : undefined
}

/** `date` as the legacy (v1) scheme signs it: `Fri, 27 Nov 2026 12:00:00 GMT`. */
export const formatHttpDate = (date: Date): string => date.toUTCString()
