// The two ways QI Tech writes when it signed a delivery, both read by the core's one date-time reader.
import { instantOf } from '../dates'

/**
 * The instant a v2 signature's `timestamp` claim names (ISO-8601 with a `T` and a zone, at most nanoseconds, e.g.
 * `2023-06-30T18:52:27.885731Z`), in milliseconds since the epoch with the sub-millisecond fraction kept, or
 * `undefined` when it names none. A time without a zone names no instant.
 */
export const parseIsoTimestamp = (text: string): number | undefined => {
  const instant = text[10] === 'T' ? instantOf(text) : undefined
  if (instant === undefined || !instant.zoned || instant.fraction.length > 9) return undefined
  return instant.seconds * 1000 + Number(`0.${instant.fraction}`) * 1000
}

// RFC 1123 as HTTP writes it (IMF-fixdate), always in GMT. Fixed width, so matching attacker text takes linear time.
const HTTP_DATE = /^([A-Z][a-z]{2}), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}:\d{2}:\d{2}) GMT$/
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * The instant a legacy (v1) signature's date line names (`Fri, 27 Nov 2026 12:00:00 GMT`, as Python's
 * `formatdate(usegmt=True)` and JavaScript's `toUTCString()` write it), in milliseconds since the epoch, or
 * `undefined` when it names none, is not in GMT, or gives a weekday that is not the date's.
 */
export const parseHttpDate = (text: string): number | undefined => {
  const m = HTTP_DATE.exec(text)
  if (m === null) return undefined
  // An unknown month becomes month 00, which names no date.
  const month = String(MONTHS.indexOf(m[3]) + 1).padStart(2, '0')
  const instant = instantOf(`${m[4]}-${month}-${m[2]}T${m[5]}Z`)
  const ms = instant === undefined ? undefined : instant.seconds * 1000
  // An invalid date (NaN) has no weekday, so it fails the comparison too.
  return WEEKDAYS[new Date(ms ?? Number.NaN).getUTCDay()] === m[1] ? ms : undefined
}

/** `date` as the legacy (v1) scheme signs it: `Fri, 27 Nov 2026 12:00:00 GMT`. */
export const formatHttpDate = (date: Date): string => date.toUTCString()
