// Shared by the signature tests: real keys, and tokens signed with jose exactly as a test case needs them.
import { type KeyObject, createHash, sign } from 'node:crypto'
import { CompactSign, type CompactJWSHeaderParameters } from 'jose'

/** The path the test deliveries are signed for. */
export const PATH = '/webhooks/qitech'
/** The fixed "now" of the tests. */
export const NOW_MS = Date.parse('2026-11-27T12:00:00Z')

/** `ms` as QI Tech writes timestamps: microseconds and `Z`. */
export const qiTechTimestamp = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z')

export const md5Hex = (bytes: Uint8Array | string): string => createHash('md5').update(bytes).digest('hex')

export const base64url = (value: string | Uint8Array): string => Buffer.from(value).toString('base64url')

/** The claims QI Tech signs for `body`, with `overrides` applied (a value of `undefined` removes the claim). */
export const claimsFor = (body: Uint8Array | string, overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const claims: Record<string, unknown> = {
    payload_md5: md5Hex(body),
    timestamp: qiTechTimestamp(NOW_MS),
    method: 'POST',
    uri: PATH,
    ...overrides,
  }
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name]
  return claims
}

/** A compact JWS of `claims` under `header`, signed with `key` (a private KeyObject, or HMAC secret bytes). */
export const signToken = (
  claims: unknown,
  key: KeyObject | Uint8Array,
  header: CompactJWSHeaderParameters = { alg: 'ES512', typ: 'JWT' },
): Promise<string> => new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader(header).sign(key)

/**
 * A compact JWS signed with node:crypto directly (ES512, r||s), for headers jose refuses to sign, such as `crit`
 * naming an extension it does not know.
 */
export const signRawToken = (header: object, claims: unknown, key: KeyObject): string => {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`
  return `${input}.${base64url(sign('sha512', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }))}`
}
