// Shared by the signature tests: real keys, and tokens signed with jose exactly as a test case needs them.
import { type KeyObject, createHash, generateKeyPairSync, sign, webcrypto } from 'node:crypto'
import { CompactSign, type CompactJWSHeaderParameters } from 'jose'

/**
 * A new EC P-521 key pair made with node:crypto, as PEM and as KeyObjects: synchronous, so a test module can make
 * its keys at load time (the package's own `generateTestKeyPair` is async, and tested in tests/testing).
 */
export const p521KeyPair = () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyObject: publicKey,
    privateKeyObject: privateKey,
  }
}

/** A P-521 KeyObject as the Web Crypto CryptoKey the signature entry works with (verify for public, sign for private). */
export const cryptoKeyOf = (key: KeyObject): Promise<CryptoKey> =>
  webcrypto.subtle.importKey('jwk', key.export({ format: 'jwk' }), { name: 'ECDSA', namedCurve: 'P-521' }, true, [
    key.type === 'public' ? 'verify' : 'sign',
  ]) as Promise<CryptoKey>

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

/** RFC 1123 in GMT, as the legacy (v1) scheme signs dates. */
export const httpDate = (ms: number): string => new Date(ms).toUTCString()

/** The integration key of the legacy test deliveries. */
export const API_CLIENT_KEY = '20d6a816-9d21-4e29-bbe5-2ffb3baacfe9'

/** Everything a legacy (v1) test delivery is built from; each field can be changed on its own. */
export interface LegacyParts {
  /** The webhook JSON that encoded_body signs. */
  readonly json: unknown
  /** Signs encoded_body. */
  readonly bodyKey: KeyObject | Uint8Array
  readonly bodyHeader?: CompactJWSHeaderParameters
  /** Signs the AUTHORIZATION token. */
  readonly headerKey: KeyObject | Uint8Array
  readonly tokenHeader?: CompactJWSHeaderParameters
  /** The claims of the AUTHORIZATION token: given, or built from the lines below. */
  readonly claims?: (lines: string[], encodedBody: string) => unknown
  readonly sub?: string
  readonly method?: string
  readonly md5?: (encodedBody: string) => string
  readonly contentType?: string
  readonly date?: string
  readonly path?: string
  /** The key in `QIT <key>:<jwt>`. */
  readonly authorizationKey?: string
  /** The API-CLIENT-KEY header; `null` leaves it out. */
  readonly apiClientKeyHeader?: string | null
  /** The body text, from the encoded_body token. */
  readonly body?: (encodedBody: string) => string
}

/** A legacy (v1) delivery built from `parts`: its headers and body text, and the encoded_body token. */
export const legacyDelivery = async (parts: LegacyParts) => {
  const encodedBody = await signToken(parts.json, parts.bodyKey, parts.bodyHeader)
  const lines = [
    parts.method ?? 'POST',
    (parts.md5 ?? md5Hex)(encodedBody),
    parts.contentType ?? 'application/json',
    parts.date ?? httpDate(NOW_MS),
    parts.path ?? PATH,
  ]
  const claims = parts.claims === undefined ? { sub: parts.sub ?? API_CLIENT_KEY, signature: lines.join('\n') } : parts.claims(lines, encodedBody)
  const token = await signToken(claims, parts.headerKey, parts.tokenHeader)
  const headers: Record<string, string> = { authorization: `QIT ${parts.authorizationKey ?? API_CLIENT_KEY}:${token}` }
  if (parts.apiClientKeyHeader !== null) headers['api-client-key'] = parts.apiClientKeyHeader ?? API_CLIENT_KEY
  const body = parts.body === undefined ? JSON.stringify({ encoded_body: encodedBody }) : parts.body(encodedBody)
  return { headers, body, encodedBody, token }
}
