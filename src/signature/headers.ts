/** Request headers: a Web `Headers`, or a plain object with any letter case and string or string-array values. */
export type InstallmentWebhookHeaders =
  | {
      /** Returns the value of a header by name, in any letter case, as the Web `Headers` class does. */
      get(name: string): string | null
    }
  | Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

/** The token in the `AUTHORIZATION` header, or why there is none. */
export type AuthorizationHeader =
  | { readonly token: string }
  | { readonly code: 'MISSING_SIGNATURE' | 'MALFORMED_SIGNATURE'; readonly detail: string }

const BEARER_PREFIX = /^bearer\s+/i

const valuesOf = (headers: object): unknown[] => {
  const get = (headers as { get?: unknown }).get
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, 'authorization')
    return value === null || value === undefined ? [] : [value]
  }
  const values: unknown[] = []
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() !== 'authorization') continue
    const value: unknown = (headers as Record<string, unknown>)[name]
    if (Array.isArray(value)) values.push(...(value as unknown[]))
    else if (value !== undefined) values.push(value)
  }
  return values
}

/**
 * Reads the `AUTHORIZATION` header. QI Tech sends a bare JWT; a `Bearer ` prefix and surrounding whitespace are
 * tolerated. Several values (repeated headers, or values a proxy joined with a comma) are rejected rather than
 * guessed between.
 */
export const readAuthorization = (headers: object): AuthorizationHeader => {
  const values = valuesOf(headers).filter((value) => !(typeof value === 'string' && value.trim() === ''))
  if (values.length === 0) {
    const detail = 'QI Tech signs every delivery there (check that no proxy strips it)'
    return { code: 'MISSING_SIGNATURE', detail: `the request has no AUTHORIZATION header; ${detail}` }
  }
  if (values.length > 1) {
    const detail = `the request has ${values.length} AUTHORIZATION headers; QI Tech sends one`
    return { code: 'MALFORMED_SIGNATURE', detail }
  }
  const [value] = values
  if (typeof value !== 'string') {
    return { code: 'MALFORMED_SIGNATURE', detail: 'the AUTHORIZATION header value is not a string' }
  }
  if (value.includes(',')) {
    return {
      code: 'MALFORMED_SIGNATURE',
      detail: 'the AUTHORIZATION header holds several values joined by a comma; QI Tech sends one JWT',
    }
  }
  return { token: value.trim().replace(BEARER_PREFIX, '') }
}
