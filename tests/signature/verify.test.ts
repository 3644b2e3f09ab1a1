import { type KeyObject, generateKeyPairSync, sign, webcrypto } from 'node:crypto'
import { CompactSign } from 'jose'
import {
  type InstallmentWebhookRequest,
  type InstallmentWebhookSignatureErrorCode,
  type VerifyInstallmentWebhookSignatureOptions,
  verifyInstallmentWebhookSignature,
} from '../../src/signature'
import * as platform from '../../src/signature/crypto'
import { readFixture } from '../fixtures'
import { NOW_MS, PATH, base64url, claimsFor, qiTechTimestamp, signRawToken, signToken } from './delivery'

// Each vector changes exactly one thing about a valid delivery (the seed `paid` fixture, signed by QI Tech's key
// for POST /webhooks/qitech at NOW_MS) and pins the outcome.

type KeyPair = { publicKey: KeyObject; privateKey: KeyObject }
const p521 = (): KeyPair => generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
const qitech = p521()
const other = p521()
const third = p521()
const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }).toString()
const QITECH_PEM = pem(qitech.publicKey)

const BODY = Buffer.from(readFixture('seed-paid.json'), 'utf8')
const SECONDS = 1000

interface Delivery {
  request: InstallmentWebhookRequest
  options: VerifyInstallmentWebhookSignatureOptions
}

interface Change {
  body?: unknown
  token?: string
  headers?: unknown
  method?: string
  path?: string
  options?: Partial<Record<keyof VerifyInstallmentWebhookSignatureOptions, unknown>>
  request?: unknown
}

let validToken = ''

const deliver = async (change: Change = {}): Promise<Delivery> => {
  const token = change.token ?? validToken
  const request = 'request' in change ? change.request : {
    headers: change.headers ?? { authorization: token },
    body: 'body' in change ? change.body : BODY,
    method: change.method ?? 'POST',
    path: change.path ?? PATH,
  }
  const options = { publicKeys: [QITECH_PEM], now: () => NOW_MS, ...change.options }
  return { request, options } as Delivery
}

/** A delivery whose token signs `overrides` of the valid claims. */
const withClaims = async (overrides: Record<string, unknown>, change: Change = {}): Promise<Delivery> =>
  deliver({ ...change, token: await signToken(claimsFor(BODY, overrides), qitech.privateKey) })

const withHeader = async (header: Record<string, unknown>, key: KeyObject | Uint8Array = qitech.privateKey) =>
  deliver({ token: await signToken(claimsFor(BODY), key, header as { alg: string }) })

const replaceSignature = (token: string, signature: Uint8Array | string): string =>
  `${token.split('.').slice(0, 2).join('.')}.${typeof signature === 'string' ? signature : base64url(signature)}`

type Expected = 'VALID' | InstallmentWebhookSignatureErrorCode
const vectors: Array<[string, Expected, () => Promise<Delivery>]> = [
  // The valid delivery and the shapes it may come in.
  ['a valid delivery', 'VALID', () => deliver()],
  ['the body as a string', 'VALID', () => deliver({ body: BODY.toString('utf8') })],
  ['the body as a Uint8Array', 'VALID', () => deliver({ body: new Uint8Array(BODY) })],
  ['the body as an ArrayBuffer', 'VALID', () => deliver({ body: new Uint8Array(BODY).buffer })],
  ['the key as a KeyObject', 'VALID', () => deliver({ options: { publicKeys: qitech.publicKey } })],
  [
    'the key as a CryptoKey',
    'VALID',
    async () => {
      const spki = qitech.publicKey.export({ type: 'spki', format: 'der' })
      const key = await webcrypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-521' }, true, ['verify'])
      return deliver({ options: { publicKeys: [key] } })
    },
  ],
  ['the key as one PEM string, not a list', 'VALID', () => deliver({ options: { publicKeys: QITECH_PEM } })],

  // The body: the signature covers its exact bytes.
  ['one byte of the body changed', 'BODY_HASH_MISMATCH', () => deliver({ body: Buffer.from(BODY.toString('utf8').replace('1009.68', '9009.68')) })],
  ['whitespace added to the body', 'BODY_HASH_MISMATCH', () => deliver({ body: Buffer.concat([BODY, Buffer.from('\n')]) })],
  [
    'the body keys in another order',
    'BODY_HASH_MISMATCH',
    async () => {
      const parsed = JSON.parse(BODY.toString('utf8')) as Record<string, unknown>
      const compact = JSON.stringify(parsed)
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(parsed).reverse()))
      return deliver({ token: await signToken(claimsFor(compact), qitech.privateKey), body: reordered })
    },
  ],
  ['the body re-serialized from parsed JSON', 'BODY_HASH_MISMATCH', () => deliver({ body: JSON.stringify(JSON.parse(BODY.toString('utf8'))) })],
  ['a byte order mark added to the body', 'BODY_HASH_MISMATCH', () => deliver({ body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), BODY]) })],
  ['an empty body', 'BODY_HASH_MISMATCH', () => deliver({ body: '' })],
  ['the parsed object as the body', 'RAW_BODY_REQUIRED', () => deliver({ body: JSON.parse(BODY.toString('utf8')) })],
  ['no body', 'RAW_BODY_REQUIRED', () => deliver({ body: undefined })],

  // Keys: only the configured ones.
  ['a token signed by another key', 'BAD_SIGNATURE', async () => deliver({ token: await signToken(claimsFor(BODY), other.privateKey) })],
  ['rotation: the second of two configured keys', 'VALID', () => deliver({ options: { publicKeys: [pem(other.publicKey), QITECH_PEM] } })],
  [
    'rotation: a third key, not configured',
    'BAD_SIGNATURE',
    async () => deliver({ token: await signToken(claimsFor(BODY), third.privateKey), options: { publicKeys: [QITECH_PEM, pem(other.publicKey)] } }),
  ],

  // Algorithms: ES512 only, checked before any key is used.
  ['alg none with an empty signature', 'ALGORITHM_NOT_ALLOWED', async () => deliver({ token: `${base64url('{"alg":"none","typ":"JWT"}')}.${base64url(JSON.stringify(claimsFor(BODY)))}.` })],
  ['HS256 keyed with the public PEM', 'ALGORITHM_NOT_ALLOWED', () => withHeader({ alg: 'HS256', typ: 'JWT' }, new TextEncoder().encode(QITECH_PEM))],
  ['HS512 keyed with the public PEM', 'ALGORITHM_NOT_ALLOWED', () => withHeader({ alg: 'HS512', typ: 'JWT' }, new TextEncoder().encode(QITECH_PEM))],
  ['ES256 with a P-256 key', 'ALGORITHM_NOT_ALLOWED', () => withHeader({ alg: 'ES256', typ: 'JWT' }, p256.privateKey)],
  ['a crit header', 'MALFORMED_SIGNATURE', () => deliver({ token: signRawToken({ alg: 'ES512', crit: ['exp'], exp: 1 }, claimsFor(BODY), qitech.privateKey) })],
  ['a b64 header without crit', 'MALFORMED_SIGNATURE', () => withHeader({ alg: 'ES512', b64: true })],
  ['a header without alg', 'MALFORMED_SIGNATURE', async () => deliver({ token: replaceSignature(`${base64url('{"typ":"JWT"}')}.${validToken.split('.')[1]}`, validToken.split('.')[2]) })],

  // Keys named in the token header are never used.
  ['a jwk header carrying the signer’s own key', 'BAD_SIGNATURE', () => withHeader({ alg: 'ES512', jwk: other.publicKey.export({ format: 'jwk' }) }, other.privateKey)],
  ['a kid header naming another key', 'BAD_SIGNATURE', () => withHeader({ alg: 'ES512', kid: 'attacker-key' }, other.privateKey)],
  ['a jku header pointing at another key set', 'BAD_SIGNATURE', () => withHeader({ alg: 'ES512', jku: 'https://attacker.example/jwks.json' }, other.privateKey)],
  ['a kid header on a token signed by the configured key', 'VALID', () => withHeader({ alg: 'ES512', typ: 'JWT', kid: 'qitech-2026' })],

  // Signature encodings.
  [
    'a DER-encoded signature',
    'MALFORMED_SIGNATURE',
    async () => {
      const input = validToken.split('.').slice(0, 2).join('.')
      return deliver({ token: replaceSignature(validToken, sign('sha512', Buffer.from(input), { key: qitech.privateKey, dsaEncoding: 'der' })) })
    },
  ],
  ['a truncated signature', 'MALFORMED_SIGNATURE', async () => deliver({ token: validToken.slice(0, -8) })],
  ['an all-zero signature', 'BAD_SIGNATURE', async () => deliver({ token: replaceSignature(validToken, new Uint8Array(132)) })],
  ['an empty signature', 'MALFORMED_SIGNATURE', async () => deliver({ token: replaceSignature(validToken, '') })],

  // Token structure.
  ['a 2-segment token', 'MALFORMED_SIGNATURE', async () => deliver({ token: validToken.split('.').slice(0, 2).join('.') })],
  ['a 4-segment token', 'MALFORMED_SIGNATURE', async () => deliver({ token: `${validToken}.${validToken.split('.')[2]}` })],
  ['a 5-segment token (an encrypted JWT)', 'MALFORMED_SIGNATURE', async () => deliver({ token: `${validToken}.a.b` })],
  ['a token that is not base64url', 'MALFORMED_SIGNATURE', async () => deliver({ token: validToken.replace('.', '+.') })],
  ['a header that is not JSON', 'MALFORMED_SIGNATURE', async () => deliver({ token: `${base64url('alg=ES512')}.${validToken.split('.').slice(1).join('.')}` })],

  // Claims: each one missing, or not a string.
  ...(['payload_md5', 'timestamp', 'method', 'uri'] as const).flatMap((claim): Array<[string, Expected, () => Promise<Delivery>]> => [
    [`a token without ${claim}`, 'MALFORMED_SIGNATURE', () => withClaims({ [claim]: undefined })],
    [`a token with a numeric ${claim}`, 'MALFORMED_SIGNATURE', () => withClaims({ [claim]: 1 })],
    [`a token with a null ${claim}`, 'MALFORMED_SIGNATURE', () => withClaims({ [claim]: null })],
  ]),
  [
    'claims that are a JSON array',
    'MALFORMED_SIGNATURE',
    async () => deliver({ token: await new CompactSign(new TextEncoder().encode('[]')).setProtectedHeader({ alg: 'ES512' }).sign(qitech.privateKey) }),
  ],
  ['claims that are JSON null', 'MALFORMED_SIGNATURE', async () => deliver({ token: await signToken(null, qitech.privateKey) })],
  ['claims that are a JSON string', 'MALFORMED_SIGNATURE', async () => deliver({ token: await signToken('claims', qitech.privateKey) })],
  ['an uppercase payload_md5', 'VALID', () => withClaims({ payload_md5: String(claimsFor(BODY).payload_md5).toUpperCase() })],

  // Method and path.
  ['another method', 'METHOD_MISMATCH', () => deliver({ method: 'PUT' })],
  ['the method in lower case', 'VALID', () => deliver({ method: 'post' })],
  ['another path', 'PATH_MISMATCH', () => deliver({ path: '/webhooks/other' })],
  ['the path with a trailing slash', 'PATH_MISMATCH', () => deliver({ path: `${PATH}/` })],
  ['the path with a query', 'PATH_MISMATCH', () => deliver({ path: `${PATH}?retry=1` })],
  ['a signed path with a query, received with it', 'VALID', () => withClaims({ uri: `${PATH}?tenant=7` }, { path: `${PATH}?tenant=7` })],

  // Timestamps, with the default 300 s tolerance.
  ['a timestamp 299 s old', 'VALID', () => withClaims({ timestamp: qiTechTimestamp(NOW_MS - 299 * SECONDS) })],
  ['a timestamp exactly 300 s old', 'VALID', () => withClaims({ timestamp: qiTechTimestamp(NOW_MS - 300 * SECONDS) })],
  ['a timestamp exactly 300 s ahead', 'VALID', () => withClaims({ timestamp: qiTechTimestamp(NOW_MS + 300 * SECONDS) })],
  ['a timestamp 301 s old', 'STALE_TIMESTAMP', () => withClaims({ timestamp: qiTechTimestamp(NOW_MS - 301 * SECONDS) })],
  ['a timestamp 299 s ahead', 'VALID', () => withClaims({ timestamp: qiTechTimestamp(NOW_MS + 299 * SECONDS) })],
  ['a timestamp 301 s ahead', 'FUTURE_TIMESTAMP', () => withClaims({ timestamp: qiTechTimestamp(NOW_MS + 301 * SECONDS) })],
  ['a timestamp a day ahead', 'FUTURE_TIMESTAMP', () => withClaims({ timestamp: qiTechTimestamp(NOW_MS + 86_400 * SECONDS) })],
  ['a 61 s old timestamp with a 60 s tolerance', 'STALE_TIMESTAMP', () => withClaims({ timestamp: qiTechTimestamp(NOW_MS - 61 * SECONDS) }, { options: { toleranceSeconds: 60 } })],
  ['a timestamp with a -03:00 offset', 'VALID', () => withClaims({ timestamp: '2026-11-27T09:00:00.123456-03:00' })],
  ['a timestamp without fraction', 'VALID', () => withClaims({ timestamp: '2026-11-27T12:00:00Z' })],
  ['a timestamp without a zone', 'INVALID_TIMESTAMP', () => withClaims({ timestamp: '2026-11-27T12:00:00.000000' })],
  ['an impossible date (February 30)', 'INVALID_TIMESTAMP', () => withClaims({ timestamp: '2026-02-30T12:00:00.000000Z' })],
  ['hour 24', 'INVALID_TIMESTAMP', () => withClaims({ timestamp: '2026-11-27T24:00:00Z' })],
  ['a space instead of T', 'INVALID_TIMESTAMP', () => withClaims({ timestamp: '2026-11-27 12:00:00Z' })],
  ['epoch seconds as a string', 'INVALID_TIMESTAMP', () => withClaims({ timestamp: String(NOW_MS / 1000) })],

  // Options: configuration errors, never a thrown exception.
  ['tolerance 0', 'INVALID_OPTIONS', () => deliver({ options: { toleranceSeconds: 0 } })],
  ['a negative tolerance', 'INVALID_OPTIONS', () => deliver({ options: { toleranceSeconds: -300 } })],
  ['a NaN tolerance', 'INVALID_OPTIONS', () => deliver({ options: { toleranceSeconds: Number.NaN } })],
  ['an Infinity tolerance', 'INVALID_OPTIONS', () => deliver({ options: { toleranceSeconds: Number.POSITIVE_INFINITY } })],
  ['a string tolerance', 'INVALID_OPTIONS', () => deliver({ options: { toleranceSeconds: '300' } })],
  ['no public keys', 'INVALID_OPTIONS', () => deliver({ options: { publicKeys: [] } })],
  ['a public key that is not PEM', 'INVALID_OPTIONS', () => deliver({ options: { publicKeys: ['not a key'] } })],
  ['an RSA public key', 'INVALID_OPTIONS', () => deliver({ options: { publicKeys: [pem(rsa.publicKey)] } })],
  ['a P-256 public key', 'INVALID_OPTIONS', () => deliver({ options: { publicKeys: [pem(p256.publicKey)] } })],
  ['the private key instead of the public one', 'INVALID_OPTIONS', () => deliver({ options: { publicKeys: [qitech.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()] } })],
  ['a private KeyObject', 'INVALID_OPTIONS', () => deliver({ options: { publicKeys: [qitech.privateKey] } })],
  ['a clock that returns NaN', 'INVALID_OPTIONS', () => deliver({ options: { now: () => Number.NaN } })],
  ['a clock that throws', 'INVALID_OPTIONS', () => deliver({ options: { now: () => { throw new Error('no clock') } } })],
  ['a clock that returns a Date', 'VALID', () => deliver({ options: { now: () => new Date(NOW_MS) } })],

  // The AUTHORIZATION header.
  ['no AUTHORIZATION header', 'MISSING_SIGNATURE', () => deliver({ headers: { 'content-type': 'application/json' } })],
  ['an empty AUTHORIZATION header', 'MISSING_SIGNATURE', () => deliver({ headers: { authorization: '  ' } })],
  ['the header name in capitals', 'VALID', () => deliver({ headers: { AUTHORIZATION: validToken } })],
  ['a Bearer prefix', 'VALID', () => deliver({ headers: { Authorization: `Bearer ${validToken}` } })],
  ['a Bearer prefix followed by two spaces', 'VALID', () => deliver({ headers: { Authorization: `Bearer  ${validToken}` } })],
  ['bearer inside the token, not before it', 'MALFORMED_SIGNATURE', () => deliver({ headers: { authorization: validToken.replace(/\.(?=[^.]*$)/, '.bearer ') } })],
  ['surrounding whitespace', 'VALID', () => deliver({ headers: { authorization: ` \t${validToken}\r\n` } })],
  ['a Web Headers object', 'VALID', () => deliver({ headers: new Headers({ AUTHORIZATION: validToken }) })],
  ['a one-value array', 'VALID', () => deliver({ headers: { authorization: [validToken] } })],
  ['two values joined by a comma', 'MALFORMED_SIGNATURE', () => deliver({ headers: { authorization: `${validToken}, ${validToken}` } })],
  ['two values in an array', 'MALFORMED_SIGNATURE', () => deliver({ headers: { authorization: [validToken, validToken] } })],
  ['two headers differing in case', 'MALFORMED_SIGNATURE', () => deliver({ headers: { authorization: validToken, AUTHORIZATION: validToken } })],
  [
    'two values appended to a Web Headers',
    'MALFORMED_SIGNATURE',
    () => {
      const headers = new Headers()
      headers.append('authorization', validToken)
      headers.append('authorization', validToken)
      return deliver({ headers })
    },
  ],

  // API-CLIENT-KEY: checked only when apiClientKey is configured (v2 does not sign it).
  ['a configured apiClientKey, sent', 'VALID', () => deliver({ headers: { authorization: validToken, 'api-client-key': 'k-1' }, options: { apiClientKey: 'k-1' } })],
  ['one of several configured keys, sent', 'VALID', () => deliver({ headers: { authorization: validToken, 'API-CLIENT-KEY': 'k-2' }, options: { apiClientKey: ['k-1', 'k-2'] } })],
  ['another integration’s key', 'API_CLIENT_KEY_MISMATCH', () => deliver({ headers: { authorization: validToken, 'api-client-key': 'k-9' }, options: { apiClientKey: ['k-1', 'k-2'] } })],
  ['the configured key in another case', 'API_CLIENT_KEY_MISMATCH', () => deliver({ headers: { authorization: validToken, 'api-client-key': 'K-1' }, options: { apiClientKey: 'k-1' } })],
  ['two API-CLIENT-KEY values', 'API_CLIENT_KEY_MISMATCH', () => deliver({ headers: { authorization: validToken, 'api-client-key': ['k-1', 'k-1'] }, options: { apiClientKey: 'k-1' } })],
  ['no API-CLIENT-KEY while one is configured', 'MISSING_API_CLIENT_KEY', () => deliver({ options: { apiClientKey: 'k-1' } })],
  ['an empty API-CLIENT-KEY while one is configured', 'MISSING_API_CLIENT_KEY', () => deliver({ headers: { authorization: validToken, 'api-client-key': '' }, options: { apiClientKey: 'k-1' } })],
  ['any API-CLIENT-KEY when none is configured', 'VALID', () => deliver({ headers: { authorization: validToken, 'api-client-key': 'k-9' } })],
  ['a tolerance above one hour', 'INVALID_OPTIONS', () => deliver({ options: { toleranceSeconds: 3601 } })],
  ['a 3599 s old timestamp with the widest tolerance', 'VALID', () => withClaims({ timestamp: qiTechTimestamp(NOW_MS - 3599 * SECONDS) }, { options: { toleranceSeconds: 3600 } })],

  // The request object itself.
  ['a request that is null', 'INVALID_OPTIONS', () => deliver({ request: null })],
  ['a request without path', 'INVALID_OPTIONS', () => deliver({ request: { headers: { authorization: validToken }, body: BODY, method: 'POST' } })],
  ['a request without headers', 'INVALID_OPTIONS', () => deliver({ request: { body: BODY, method: 'POST', path: PATH } })],
]

beforeAll(async () => {
  validToken = await signToken(claimsFor(BODY), qitech.privateKey)
})

describe('verifyInstallmentWebhookSignature vector table', () => {
  it.each(vectors)('%s: %s', async (_, expected, build) => {
    const { request, options } = await build()
    const result = await verifyInstallmentWebhookSignature(request, options)
    if (expected === 'VALID') {
      expect(result._tag).toBe('Right')
    } else {
      expect(result._tag === 'Left' && result.left.code).toBe(expected)
    }
  })

  it('returns the v2 scheme, the signed claims exactly as signed and no API-CLIENT-KEY when none was sent', async () => {
    const claims = { ...claimsFor(BODY), added_later: ['kept'] }
    const { request, options } = await deliver({ token: await signToken(claims, qitech.privateKey) })
    expect(await verifyInstallmentWebhookSignature(request, options)).toEqual({
      _tag: 'Right',
      right: { scheme: 'v2', claims, apiClientKey: undefined },
    })
  })

  it('returns the API-CLIENT-KEY header of a v2 delivery, which it does not check unless asked to', async () => {
    const { request, options } = await deliver({ headers: { authorization: validToken, 'API-CLIENT-KEY': ' k-1 ' } })
    const result = await verifyInstallmentWebhookSignature(request, options)
    expect(result._tag === 'Right' && result.right.apiClientKey).toBe('k-1')
  })

  it('puts neither the token nor a key nor the body in any error message', async () => {
    const secrets = [...validToken.split('.'), QITECH_PEM.split('\n')[1], '1009.68']
    for (const [, expected, build] of vectors) {
      if (expected === 'VALID') continue
      const { request, options } = await build()
      const result = await verifyInstallmentWebhookSignature(request, options)
      if (result._tag === 'Right') throw new Error('expected a Left')
      expect(result.left.message).toMatch(new RegExp(`^qitech-installment-webhooks: ${expected}: `))
      expect(result.left.message.length).toBeLessThan(1000)
      for (const secret of secrets) expect(result.left.message).not.toContain(secret)
    }
  })

  it('tells the integrator how to pass the raw body when given a parsed one', async () => {
    const { request, options } = await deliver({ body: { key: 'k' } })
    const result = await verifyInstallmentWebhookSignature(request, options)
    expect(result._tag === 'Left' && result.left.message).toMatch(/parsed object.*express\.raw.*parseAs "buffer".*arrayBuffer/)
  })
})

// The message of each failure, pinned where verify.ts writes it: what to check, with no token, key or body in it.
describe('verifyInstallmentWebhookSignature messages', () => {
  const RAW_BODY_FIX =
    'pass the raw body (Express: express.raw(); Fastify: a content-type parser with parseAs "buffer"; ' +
    'Next.js: await request.arrayBuffer(); Lambda: decode a base64 body); see "Verifying signatures" in the README'
  const messages: Array<[string, () => Promise<Delivery>, string]> = [
    [
      'no AUTHORIZATION header',
      () => deliver({ headers: {} }),
      'MISSING_SIGNATURE: the request has no AUTHORIZATION header; QI Tech signs every delivery there (check that no proxy strips it)',
    ],
    [
      'two AUTHORIZATION values',
      () => deliver({ headers: { authorization: [validToken, validToken] } }),
      'MALFORMED_SIGNATURE: the AUTHORIZATION header holds several values (repeated, or joined by a comma); QI Tech sends one',
    ],
    [
      'a legacy header without legacy: true',
      () => deliver({ headers: { authorization: 'QIT k:t' } }),
      'LEGACY_NOT_ENABLED: the delivery is signed with QI Tech\'s legacy (v1) scheme ("QIT <key>:<JWT>"); pass legacy: true to accept it, if QI Tech still sends this integration legacy deliveries',
    ],
    ['no body', () => deliver({ body: undefined }), `RAW_BODY_REQUIRED: request.body is undefined, not the raw body: the signature covers the exact bytes QI Tech sent; ${RAW_BODY_FIX}`],
    ['a null body', () => deliver({ body: null }), 'RAW_BODY_REQUIRED: request.body is null, not the raw body'],
    ['a numeric body', () => deliver({ body: 7 }), 'RAW_BODY_REQUIRED: request.body is a number, not the raw body'],
    ['a parsed object', () => deliver({ body: { key: 'k' } }), 'RAW_BODY_REQUIRED: request.body is a parsed object, not the raw body'],
    ['a parsed array', () => deliver({ body: [] }), 'RAW_BODY_REQUIRED: request.body is a parsed array, not the raw body'],
    [
      'no API-CLIENT-KEY while one is configured',
      () => deliver({ options: { apiClientKey: 'k-1' } }),
      "MISSING_API_CLIENT_KEY: the request has no API-CLIENT-KEY header; QI Tech sends the integration's key there",
    ],
    [
      'another API-CLIENT-KEY',
      () => deliver({ headers: { authorization: validToken, 'api-client-key': 'k-2' }, options: { apiClientKey: 'k-1' } }),
      'API_CLIENT_KEY_MISMATCH: the API-CLIENT-KEY header is not one of the apiClientKey values configured: the delivery is for another integration',
    ],
    [
      'a token signed by another key',
      async () => deliver({ token: await signToken(claimsFor(BODY), other.privateKey) }),
      'BAD_SIGNATURE: the signature of the AUTHORIZATION token does not match the public key given; it was not signed by QI Tech, or the key is wrong',
    ],
    [
      'a token that is not a JWS',
      () => deliver({ token: 'abc' }),
      'MALFORMED_SIGNATURE: the AUTHORIZATION token is not a compact JWS: three base64url segments joined by dots',
    ],
    [
      'a claim missing',
      () => withClaims({ uri: undefined }),
      'MALFORMED_SIGNATURE: the signed claims have no "uri"; QI Tech signs payload_md5, timestamp, method, uri as strings',
    ],
    [
      'a claim that is not a string',
      () => withClaims({ method: null }),
      'MALFORMED_SIGNATURE: the signed claims have a non-string "method"; QI Tech signs payload_md5, timestamp, method, uri as strings',
    ],
    [
      'a changed body',
      () => deliver({ body: `${BODY.toString('utf8')} ` }),
      `BODY_HASH_MISMATCH: the body's MD5 differs from the signed payload_md5: the body was changed, re-serialized or decoded on the way; ${RAW_BODY_FIX}`,
    ],
    ['another method', () => deliver({ method: 'PUT' }), 'METHOD_MISMATCH: the request method differs from the signed method'],
    [
      'another path',
      () => deliver({ path: '/other' }),
      'PATH_MISMATCH: request.path differs from the signed path; pass the path QI Tech called, with its query if it has one, unchanged',
    ],
    [
      'a timestamp without a zone',
      () => withClaims({ timestamp: '2026-11-27T12:00:00' }),
      'INVALID_TIMESTAMP: the signing time is not an ISO-8601 date and time with a zone (Z or an offset)',
    ],
    [
      'a timestamp 301.4 s old',
      () => withClaims({ timestamp: qiTechTimestamp(NOW_MS - 301_400) }),
      'STALE_TIMESTAMP: the delivery was signed 301 s ago, more than the 300 s tolerance; a replay, or a wrong clock',
    ],
    [
      'a timestamp 90.6 s ahead with a 90 s tolerance',
      () => withClaims({ timestamp: qiTechTimestamp(NOW_MS + 90_600) }, { options: { toleranceSeconds: 90 } }),
      'FUTURE_TIMESTAMP: the delivery is signed 91 s in the future, more than the 90 s tolerance; check the server clock',
    ],
  ]

  it.each(messages)('%s', async (_, build, expected) => {
    const { request: sent, options } = await build()
    const result = await verifyInstallmentWebhookSignature(sent, options)
    expect(result._tag === 'Left' && result.left.message.startsWith(`qitech-installment-webhooks: ${expected}`)).toBe(true)
    if (!expected.endsWith('not the raw body')) expect(result._tag === 'Left' && result.left.message).toBe(`qitech-installment-webhooks: ${expected}`)
  })

  it('says INVALID_OPTIONS when reading the request throws', async () => {
    const trapping = new Proxy({}, { get: () => { throw new Error('trap') } })
    const result = await verifyInstallmentWebhookSignature(trapping as never, { publicKeys: QITECH_PEM })
    expect(result._tag === 'Left' && result.left.message).toBe('qitech-installment-webhooks: INVALID_OPTIONS: the request threw while being read')
  })

  it('fails closed with BAD_SIGNATURE if a step throws after the request was read', async () => {
    const spy = jest.spyOn(platform, 'md5Hex').mockImplementation(() => {
      throw new Error('unexpected')
    })
    try {
      const { request: sent, options } = await deliver()
      const result = await verifyInstallmentWebhookSignature(sent, options)
      expect(result._tag === 'Left' && result.left.message).toBe('qitech-installment-webhooks: BAD_SIGNATURE: the delivery could not be verified')
    } finally {
      spy.mockRestore()
    }
  })
})
