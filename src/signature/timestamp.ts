// Date `T` time, an optional fraction (QI Tech sends microseconds), then `Z` or a `±HH:MM` offset, which is
// required: a time without a zone names no instant. Fixed-width parts and one bounded `\d{1,9}` keep it linear.
const TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/

/**
 * The instant a signature's `timestamp` claim names, in milliseconds since the epoch (with the sub-millisecond
 * fraction kept), or `undefined` when the text is not ISO-8601 with a zone or names no real calendar date and time.
 * Years before 100 are rejected as invalid (`Date.UTC` reads them as 1900 and later, so they fail the round trip).
 */
export const parseSignatureTimestamp = (text: string): number | undefined => {
  const m = TIMESTAMP_PATTERN.exec(text)
  if (m === null) return undefined
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number)
  if (hour > 23 || minute > 59 || second > 59) return undefined
  const offsetMinutes = m[8] === undefined ? 0 : Number(m[9]) * 60 + Number(m[10])
  if (m[8] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return undefined
  const midnight = Date.UTC(year, month - 1, day)
  const date = new Date(midnight)
  // Date.UTC rolls 2023-02-30 over to 2023-03-02: a date that does not round-trip is not a real calendar day.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000
  const sign = m[8] === '-' ? -1 : 1
  return midnight + ((hour * 60 + minute) * 60 + second) * 1000 + fraction - sign * offsetMinutes * 60_000
}
