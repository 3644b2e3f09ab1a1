import { type KeyObject, generateKeyPairSync } from 'node:crypto'
import {
  type InstallmentWebhookSignatureErrorCode,
  type VerifyInstallmentWebhookSignatureOptions,
  verifyInstallmentWebhookSignature,
} from '../../src/signature'
import { loadFixture } from '../fixtures'
import { API_CLIENT_KEY, type LegacyParts, NOW_MS, PATH, base64url, httpDate, legacyDelivery, md5Hex, signToken } from './delivery'

// The legacy (v1) vector table: each vector changes one thing about a valid legacy delivery of the seed `paid`
// fixture, signed by QI Tech's key for POST /webhooks/qitech at NOW_MS, and pins the outcome.

type KeyPair = { publicKey: KeyObject; privateKey: KeyObject }
const p521 = (): KeyPair => generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
const qitech = p521()
const other = p521()
const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const pem = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }).toString()
const QITECH_PEM = pem(qitech.publicKey)
const HMAC_KEY = new TextEncoder().encode(QITECH_PEM)
const PAID = loadFixture('seed-paid.json')
const SECONDS = 1000

type Options = Partial<Record<keyof VerifyInstallmentWebhookSignatureOptions, unknown>>
interface Vector {
  parts?: Partial<LegacyParts>
  options?: Options
  /** The request as sent, from the built delivery. */
  request?: (delivery: { headers: Record<string, string>; body: string }) => Record<string, unknown>
}

const build = async ({ parts = {}, options = {}, request }: Vector) => {
  const delivery = await legacyDelivery({ json: PAID, bodyKey: qitech.privateKey, headerKey: qitech.privateKey, ...parts })
  const sent = { headers: delivery.headers, body: delivery.body, method: 'POST', path: PATH, ...request?.(delivery) }
  return { request: sent, options: { publicKeys: [QITECH_PEM], now: () => NOW_MS, legacy: true, ...options } }
}

const withoutGmt = httpDate(NOW_MS).replace(' GMT', '')
const wrongWeekday = httpDate(NOW_MS).replace(/^\w{3}/, (day) => (day === 'Mon' ? 'Tue' : 'Mon'))

type Expected = 'VALID' | InstallmentWebhookSignatureErrorCode
const vectors: Array<[string, Expected, Vector]> = [
  // Valid deliveries.
  ['a valid legacy delivery, body as a string', 'VALID', {}],
  ['the body as a Buffer', 'VALID', { request: ({ body }) => ({ body: Buffer.from(body) }) }],
  ['the body as an ArrayBuffer', 'VALID', { request: ({ body }) => ({ body: new Uint8Array(Buffer.from(body)).buffer }) }],
  ['rotation: signed by the second of two keys', 'VALID', { options: { publicKeys: [pem(other.publicKey), QITECH_PEM] } }],
  ['rotation: the header and the body signed by different configured keys', 'VALID', { parts: { bodyKey: other.privateKey }, options: { publicKeys: [QITECH_PEM, pem(other.publicKey)] } }],
  ['an empty content-type line', 'VALID', { parts: { contentType: '' } }],
  ['any content-type line, which QI Tech does not check', 'VALID', { parts: { contentType: 'text/plain' } }],
  ['the configured apiClientKey', 'VALID', { options: { apiClientKey: [API_CLIENT_KEY] } }],
  ['the header names in capitals', 'VALID', { request: ({ headers }) => ({ headers: { AUTHORIZATION: headers.authorization, 'API-CLIENT-KEY': headers['api-client-key'] } }) }],
  ['a Web Headers object', 'VALID', { request: ({ headers }) => ({ headers: new Headers(headers) }) }],
  ['an uppercase MD5 line', 'VALID', { parts: { md5: (encodedBody) => md5Hex(encodedBody).toUpperCase() } }],

  // The MD5 covers the exact encoded_body string, not the body's bytes.
  ['the body re-serialized with whitespace around the same encoded_body', 'VALID', { parts: { body: (encodedBody) => `{ "encoded_body" : "${encodedBody}" }\n` } }],
  ['the body with a space after the colon, as Python writes it', 'VALID', { parts: { body: (encodedBody) => `{"encoded_body": "${encodedBody}"}` } }],
  // Nothing outside encoded_body is signed, so the body must hold nothing else.
  ['an extra field after encoded_body', 'UNSIGNED_BODY_CONTENT', { parts: { body: (encodedBody) => JSON.stringify({ encoded_body: encodedBody, note: 'x' }) } }],
  ['an extra field before encoded_body', 'UNSIGNED_BODY_CONTENT', { parts: { body: (encodedBody) => JSON.stringify({ amount: 1, encoded_body: encodedBody }) } }],
  ['a byte order mark before the body', 'UNSIGNED_BODY_CONTENT', { parts: { body: (encodedBody) => `\uFEFF${JSON.stringify({ encoded_body: encodedBody })}` } }],
  ['a byte order mark before the body, sent as bytes', 'UNSIGNED_BODY_CONTENT', { request: ({ body }) => ({ body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]) }) }],
  ['a duplicate encoded_body key, an unsigned one first', 'UNSIGNED_BODY_CONTENT', { parts: { body: (encodedBody) => `{"encoded_body":"x.y.z","encoded_body":"${encodedBody}"}` } }],
  ['a duplicate encoded_body key, the signed one first', 'UNSIGNED_BODY_CONTENT', { parts: { body: (encodedBody) => `{"encoded_body":"${encodedBody}","encoded_body":"${encodedBody}"}` } }],
  ['text after the closing brace', 'ENCODED_BODY_INVALID', { parts: { body: (encodedBody) => `${JSON.stringify({ encoded_body: encodedBody })}{"amount":1}` } }],
  ['an encoded_body written with a JSON escape', 'UNSIGNED_BODY_CONTENT', { parts: { body: (encodedBody) => `{"encoded_body":"${encodedBody.replace('.', '\\u002e')}"}` } }],
  ['the MD5 of the whole body instead of encoded_body', 'BODY_HASH_MISMATCH', { parts: { md5: (encodedBody) => md5Hex(JSON.stringify({ encoded_body: encodedBody })) } }],
  ['the MD5 of the encoded_body with a newline added', 'BODY_HASH_MISMATCH', { parts: { md5: (encodedBody) => md5Hex(`${encodedBody}\n`) } }],

  // Each line of the signature wrong in turn.
  ['another method line', 'METHOD_MISMATCH', { parts: { method: 'PUT' } }],
  ['the method line in lower case', 'VALID', { parts: { method: 'post' } }],
  ['a request with another method', 'METHOD_MISMATCH', { request: () => ({ method: 'PUT' }) }],
  ['another MD5 line', 'BODY_HASH_MISMATCH', { parts: { md5: () => md5Hex('another body') } }],
  ['another path line', 'PATH_MISMATCH', { parts: { path: '/webhooks/other' } }],
  ['a request to another path', 'PATH_MISMATCH', { request: () => ({ path: `${PATH}/` }) }],
  ['a date 299 s old', 'VALID', { parts: { date: httpDate(NOW_MS - 299 * SECONDS) } }],
  ['a stale date, 301 s old', 'STALE_TIMESTAMP', { parts: { date: httpDate(NOW_MS - 301 * SECONDS) } }],
  ['a date 299 s ahead', 'VALID', { parts: { date: httpDate(NOW_MS + 299 * SECONDS) } }],
  ['a date in the future, 301 s ahead', 'FUTURE_TIMESTAMP', { parts: { date: httpDate(NOW_MS + 301 * SECONDS) } }],
  ['a 61 s old date with a 60 s tolerance', 'STALE_TIMESTAMP', { parts: { date: httpDate(NOW_MS - 61 * SECONDS) }, options: { toleranceSeconds: 60 } }],
  ['a date with the wrong weekday', 'INVALID_TIMESTAMP', { parts: { date: wrongWeekday } }],
  ['a date without GMT', 'INVALID_TIMESTAMP', { parts: { date: withoutGmt } }],
  ['a date in UTC instead of GMT', 'INVALID_TIMESTAMP', { parts: { date: httpDate(NOW_MS).replace('GMT', 'UTC') } }],
  ['an ISO-8601 date', 'INVALID_TIMESTAMP', { parts: { date: new Date(NOW_MS).toISOString() } }],
  ['an impossible date', 'INVALID_TIMESTAMP', { parts: { date: 'Mon, 30 Feb 2026 12:00:00 GMT' } }],
  ['a signature of four lines', 'MALFORMED_SIGNATURE', { parts: { claims: (lines) => ({ sub: API_CLIENT_KEY, signature: lines.slice(0, 4).join('\n') }) } }],
  ['a signature of six lines', 'MALFORMED_SIGNATURE', { parts: { claims: (lines) => ({ sub: API_CLIENT_KEY, signature: [...lines, ''].join('\n') }) } }],

  // The keys: sub, the key in AUTHORIZATION and API-CLIENT-KEY must agree.
  ['a sub of another integration', 'API_CLIENT_KEY_MISMATCH', { parts: { sub: 'another-key' } }],
  ['another key in the AUTHORIZATION header', 'API_CLIENT_KEY_MISMATCH', { parts: { authorizationKey: 'another-key' } }],
  ['another API-CLIENT-KEY header', 'API_CLIENT_KEY_MISMATCH', { parts: { apiClientKeyHeader: 'another-key' } }],
  ['all three agreeing on a key that is not the configured one', 'API_CLIENT_KEY_MISMATCH', { parts: { sub: 'k-9', authorizationKey: 'k-9', apiClientKeyHeader: 'k-9' }, options: { apiClientKey: API_CLIENT_KEY } }],
  ['no API-CLIENT-KEY header', 'MISSING_API_CLIENT_KEY', { parts: { apiClientKeyHeader: null } }],
  ['no sub claim', 'MALFORMED_SIGNATURE', { parts: { claims: (lines) => ({ signature: lines.join('\n') }) } }],
  ['no signature claim', 'MALFORMED_SIGNATURE', { parts: { claims: () => ({ sub: API_CLIENT_KEY }) } }],
  ['v2 claims in a legacy header', 'MALFORMED_SIGNATURE', { parts: { claims: (_, encodedBody) => ({ payload_md5: md5Hex(encodedBody), timestamp: new Date(NOW_MS).toISOString(), method: 'POST', uri: PATH }) } }],

  // Algorithms, in either JWT: ES512 only.
  ['alg none in the AUTHORIZATION token', 'ALGORITHM_NOT_ALLOWED', { request: ({ headers }) => ({ headers: { ...headers, authorization: noneToken(headers.authorization) } }) }],
  ['HS512 in the AUTHORIZATION token', 'ALGORITHM_NOT_ALLOWED', { parts: { headerKey: HMAC_KEY, tokenHeader: { alg: 'HS512' } } }],
  ['ES256 in the AUTHORIZATION token', 'ALGORITHM_NOT_ALLOWED', { parts: { headerKey: p256.privateKey, tokenHeader: { alg: 'ES256' } } }],
  ['alg none in encoded_body', 'ALGORITHM_NOT_ALLOWED', noneBody()],
  ['HS512 in encoded_body', 'ALGORITHM_NOT_ALLOWED', { parts: { bodyKey: HMAC_KEY, bodyHeader: { alg: 'HS512' } } }],
  ['ES256 in encoded_body', 'ALGORITHM_NOT_ALLOWED', { parts: { bodyKey: p256.privateKey, bodyHeader: { alg: 'ES256' } } }],

  // Keys: both JWTs must be signed by a configured key.
  ['encoded_body signed by another key, the header valid', 'BAD_SIGNATURE', { parts: { bodyKey: other.privateKey } }],
  ['the header signed by another key, encoded_body valid', 'BAD_SIGNATURE', { parts: { headerKey: other.privateKey } }],

  // The body.
  ['encoded_body that is not a string', 'ENCODED_BODY_INVALID', { parts: { body: () => JSON.stringify({ encoded_body: PAID }) } }],
  ['no encoded_body', 'ENCODED_BODY_INVALID', { parts: { body: () => JSON.stringify(PAID) } }],
  ['a body that is not JSON', 'ENCODED_BODY_INVALID', { parts: { body: (encodedBody) => `encoded_body=${encodedBody}` } }],
  ['a body that is a JSON array', 'ENCODED_BODY_INVALID', { parts: { body: (encodedBody) => JSON.stringify([encodedBody]) } }],
  ['a body that is JSON null', 'ENCODED_BODY_INVALID', { parts: { body: () => 'null' } }],
  ['a parsed body', 'RAW_BODY_REQUIRED', { request: ({ body }) => ({ body: JSON.parse(body) }) }],
  ['bytes that are not UTF-8', 'ENCODED_BODY_INVALID', { request: () => ({ body: new Uint8Array([0x7b, 0xff, 0x7d]) }) }],

  // Legacy must be enabled.
  ['legacy not enabled', 'LEGACY_NOT_ENABLED', { options: { legacy: false } }],
  ['legacy left at its default', 'LEGACY_NOT_ENABLED', { options: { legacy: undefined } }],
  ['legacy given as a string', 'INVALID_OPTIONS', { options: { legacy: 'true' } }],

  // The AUTHORIZATION header.
  ['QIT in lower case', 'VALID', { request: ({ headers }) => ({ headers: { ...headers, authorization: headers.authorization.replace('QIT', 'qit') } }) }],
  ['QIT without the colon', 'MALFORMED_SIGNATURE', { request: ({ headers }) => ({ headers: { ...headers, authorization: headers.authorization.replace(':', '') } }) }],
  ['QIT with an empty key', 'MALFORMED_SIGNATURE', { request: ({ headers }) => ({ headers: { ...headers, authorization: headers.authorization.replace(API_CLIENT_KEY, '') } }) }],
  ['QIT with a space inside the token', 'MALFORMED_SIGNATURE', { request: ({ headers }) => ({ headers: { ...headers, authorization: `${headers.authorization.slice(0, 60)} ${headers.authorization.slice(60)}` } }) }],
  ['QIT with a token that is not a JWS', 'MALFORMED_SIGNATURE', { request: ({ headers }) => ({ headers: { ...headers, authorization: `QIT ${API_CLIENT_KEY}:not-a-token` } }) }],
  ['two AUTHORIZATION values', 'MALFORMED_SIGNATURE', { request: ({ headers }) => ({ headers: { ...headers, authorization: [headers.authorization, headers.authorization] } }) }],
]

// alg none cannot be signed by jose: these replace one token by an unsigned one with the same claims.
function noneToken(authorization: string): string {
  const [prefix, token] = authorization.split(':')
  return `${prefix}:${base64url('{"alg":"none"}')}.${token.split('.')[1]}.`
}
function noneBody(): Vector {
  const unsigned = `${base64url('{"alg":"none"}')}.${base64url(JSON.stringify(PAID))}.`
  return { parts: { body: () => JSON.stringify({ encoded_body: unsigned }), md5: () => md5Hex(unsigned) } }
}

describe('verifyInstallmentWebhookSignature with legacy (v1) deliveries', () => {
  it.each(vectors)('%s: %s', async (_, expected, vector) => {
    const { request, options } = await build(vector)
    const result = await verifyInstallmentWebhookSignature(request as never, options as never)
    if (expected === 'VALID') {
      expect(result._tag === 'Right' || result.left.message).toBe(true)
    } else {
      expect(result._tag === 'Left' && result.left.code).toBe(expected)
    }
  })

  it('returns the v1 scheme, the claims as signed, their five lines, the key and the verified webhook JSON', async () => {
    const { request, options } = await build({ parts: { contentType: '' } })
    const result = await verifyInstallmentWebhookSignature(request as never, options as never)
    const encodedBody = (JSON.parse(request.body as string) as { encoded_body: string }).encoded_body
    const signature = ['POST', md5Hex(encodedBody), '', httpDate(NOW_MS), PATH].join('\n')
    expect(result).toEqual({
      _tag: 'Right',
      right: {
        scheme: 'v1',
        claims: { sub: API_CLIENT_KEY, signature },
        signedRequest: { method: 'POST', bodyMd5: md5Hex(encodedBody), contentType: '', date: httpDate(NOW_MS), path: PATH },
        apiClientKey: API_CLIENT_KEY,
        payload: PAID,
      },
    })
  })

  it('says what the body holds beyond encoded_body is not signed', async () => {
    const { request, options } = await build({ parts: { body: (encodedBody) => JSON.stringify({ encoded_body: encodedBody, note: 'x' }) } })
    const result = await verifyInstallmentWebhookSignature(request as never, options as never)
    expect(result._tag === 'Left' && result.left.message).toBe(
      'qitech-installment-webhooks: UNSIGNED_BODY_CONTENT: the body holds more than {"encoded_body": "<JWS>"}: ' +
        'another field, a repeated encoded_body, an escape or a byte order mark, none of which is signed',
    )
  })

  it('rejects a header JWT reused with another body with BODY_HASH_MISMATCH', async () => {
    const first = await build({})
    const second = await build({ parts: { json: { ...PAID, key: 'another' } } })
    const result = await verifyInstallmentWebhookSignature(
      { ...first.request, body: second.request.body } as never,
      first.options as never,
    )
    expect(result._tag === 'Left' && result.left.code).toBe('BODY_HASH_MISMATCH')
  })

  it('rejects an encoded_body that is not a JWS, or whose claims are not an object, with ENCODED_BODY_INVALID', async () => {
    for (const encodedBody of ['not a jws', `${base64url('{"alg":"ES512"}')}.${base64url('{}')}.short`, await signToken([PAID], qitech.privateKey), await signToken(null, qitech.privateKey)]) {
      const { request, options } = await build({ parts: { body: () => JSON.stringify({ encoded_body: encodedBody }), md5: () => md5Hex(encodedBody) } })
      const result = await verifyInstallmentWebhookSignature(request as never, options as never)
      expect(result._tag === 'Left' && result.left.message).toMatch(/^qitech-installment-webhooks: ENCODED_BODY_INVALID: (?:the encoded_body JWS|the claims of the encoded_body JWS)/)
    }
  })

  it('puts neither a token nor a key nor the body in any error message', async () => {
    const valid = await build({})
    const secrets = [...(valid.request.headers as Record<string, string>).authorization.split(/[:.]/).slice(1), API_CLIENT_KEY, '1009.68']
    for (const [, expected, vector] of vectors) {
      if (expected === 'VALID') continue
      const { request, options } = await build(vector)
      const result = await verifyInstallmentWebhookSignature(request as never, options as never)
      if (result._tag === 'Right') throw new Error('expected a Left')
      expect(result.left.message).toMatch(new RegExp(`^qitech-installment-webhooks: ${expected}: `))
      for (const secret of secrets) expect(result.left.message).not.toContain(secret)
    }
  })
})

// The message of each legacy failure, pinned where verify.ts writes it.
describe('verifyInstallmentWebhookSignature messages for legacy (v1) deliveries', () => {
  const messages: Array<[string, Vector, string]> = [
    [
      'QIT without the colon',
      { request: ({ headers }) => ({ headers: { ...headers, authorization: headers.authorization.replace(':', '') } }) },
      'MALFORMED_SIGNATURE: the AUTHORIZATION header is not "QIT <API-CLIENT-KEY>:<JWT>"',
    ],
    [
      'another key in the AUTHORIZATION header',
      { parts: { authorizationKey: 'k-9' } },
      'API_CLIENT_KEY_MISMATCH: the key in the AUTHORIZATION header differs from the API-CLIENT-KEY header',
    ],
    ['a sub of another integration', { parts: { sub: 'k-9' } }, 'API_CLIENT_KEY_MISMATCH: the signed sub differs from the API-CLIENT-KEY header'],
    [
      'no signature claim',
      { parts: { claims: () => ({ sub: API_CLIENT_KEY }) } },
      'MALFORMED_SIGNATURE: the signed claims have no "signature"; QI Tech signs sub, signature as strings',
    ],
    [
      'a signature of four lines',
      { parts: { claims: (lines) => ({ sub: API_CLIENT_KEY, signature: lines.slice(0, 4).join('\n') }) } },
      'MALFORMED_SIGNATURE: the signed "signature" claim is not five lines: method, MD5 of encoded_body, content type, date, path',
    ],
    [
      'no encoded_body',
      { parts: { body: () => '{}' } },
      'ENCODED_BODY_INVALID: the body is not a JSON object with an encoded_body string, as a legacy (v1) delivery is',
    ],
    [
      'another MD5 line',
      { parts: { md5: () => md5Hex('x') } },
      "BODY_HASH_MISMATCH: the encoded_body's MD5 differs from the signed one: the body was changed on the way",
    ],
    [
      'a date without GMT',
      { parts: { date: withoutGmt } },
      'INVALID_TIMESTAMP: the signing time is not an RFC 1123 date in GMT with its weekday, e.g. "Fri, 27 Nov 2026 12:00:00 GMT"',
    ],
    [
      'encoded_body signed by another key',
      { parts: { bodyKey: other.privateKey } },
      'BAD_SIGNATURE: the signature of the encoded_body JWS does not match the public key given; it was not signed by QI Tech, or the key is wrong',
    ],
    [
      'no API-CLIENT-KEY header',
      { parts: { apiClientKeyHeader: null } },
      "MISSING_API_CLIENT_KEY: the request has no API-CLIENT-KEY header; QI Tech sends the integration's key there",
    ],
  ]

  it.each(messages)('%s', async (_, vector, expected) => {
    const { request, options } = await build(vector)
    const result = await verifyInstallmentWebhookSignature(request as never, options as never)
    expect(result._tag === 'Left' && result.left.message).toBe(`qitech-installment-webhooks: ${expected}`)
  })
})
