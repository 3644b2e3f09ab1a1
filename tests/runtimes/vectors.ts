// The vector table every runtime gets, signed here on Node with real keys: the v2 and legacy (v1) vectors of
// tests/signature/verify.test.ts and verify-legacy.test.ts that a Web Request can carry, and one signed delivery
// per decoding outcome. Each changes one thing about a valid delivery and pins the code Node gives.
import { type KeyObject, generateKeyPairSync, sign } from 'node:crypto'
import { largeBankSlipUpdate, readFixture } from '../fixtures'
import { API_CLIENT_KEY, NOW_MS, PATH, base64url, claimsFor, httpDate, legacyDelivery, md5Hex, qiTechTimestamp, signRawToken, signToken } from '../signature/delivery'
import type { Vector, WireRequest } from './conformance'

type KeyPair = { publicKey: KeyObject; privateKey: KeyObject }
const p521 = (): KeyPair => generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
const pem = (key: KeyObject): string => key.export({ type: key.type === 'private' ? 'pkcs8' : 'spki', format: 'pem' }).toString()

const qitech = p521()
const other = p521()
const third = p521()
const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const QITECH_PEM = pem(qitech.publicKey)
const HMAC_KEY = new TextEncoder().encode(QITECH_PEM)
const SECONDS = 1000

/** A vector and the code Node gives it: `VALID`, or an error code, for `receive` and `verify`. */
export type ExpectedVector = Vector & { readonly expected: string; readonly expectedVerify: string }

const base64 = (body: string | Uint8Array): string => Buffer.from(body).toString('base64')

interface Change {
  token?: string
  headers?: Array<[string, string]>
  body?: string | Uint8Array | null
  parsed?: boolean
  method?: string
  path?: string
  options?: Partial<Vector['options']>
}

/** Builds the table: `v2`/`v1` vectors of the seed `paid` fixture at NOW_MS, and one signed body per decoding outcome. */
export const buildVectors = async (): Promise<ExpectedVector[]> => {
  const PAID = readFixture('seed-paid.json')
  const validToken = await signToken(claimsFor(PAID), qitech.privateKey)
  const vectors: ExpectedVector[] = []

  const request = (change: Change, body: string | Uint8Array | null): WireRequest => ({
    method: change.method ?? 'POST',
    path: change.path ?? PATH,
    headers: change.headers ?? [['authorization', change.token ?? validToken]],
    body: body === null ? null : base64(body),
    parsed: change.parsed,
  })
  const add = (name: string, expected: string, req: WireRequest, options: Partial<Vector['options']> = {}, expectedVerify = expected): void => {
    vectors.push({ name, expected, expectedVerify, request: req, options: { publicKeys: [QITECH_PEM], now: NOW_MS, ...options } })
  }
  const v2 = (name: string, expected: string, change: Change = {}): void =>
    add(`v2: ${name}`, expected, request(change, change.body === undefined ? PAID : change.body), change.options)
  const withClaims = async (name: string, expected: string, overrides: Record<string, unknown>, change: Change = {}): Promise<void> =>
    v2(name, expected, { ...change, token: await signToken(claimsFor(PAID, overrides), qitech.privateKey) })
  const withHeader = async (name: string, expected: string, header: Record<string, unknown>, key: KeyObject | Uint8Array = qitech.privateKey): Promise<void> =>
    v2(name, expected, { token: await signToken(claimsFor(PAID), key, header as { alg: string }) })
  const replaceSignature = (signature: Uint8Array | string): string =>
    `${validToken.split('.').slice(0, 2).join('.')}.${typeof signature === 'string' ? signature : base64url(signature)}`

  // v2: the valid delivery, the body, the keys.
  v2('a valid delivery', 'VALID')
  v2('one byte of the body changed (tampered)', 'BODY_HASH_MISMATCH', { body: PAID.replace('1009.68', '9009.68') })
  v2('whitespace added to the body', 'BODY_HASH_MISMATCH', { body: `${PAID}\n` })
  v2('a byte order mark added to the body', 'BODY_HASH_MISMATCH', { body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PAID)]) })
  v2('the body re-serialized from parsed JSON', 'BODY_HASH_MISMATCH', { body: JSON.stringify(JSON.parse(PAID)) })
  v2('the parsed object handed over as the body', 'RAW_BODY_REQUIRED', { parsed: true })
  v2('no body', 'RAW_BODY_REQUIRED', { body: null })
  v2('a token signed by another key (wrong key)', 'BAD_SIGNATURE', { token: await signToken(claimsFor(PAID), other.privateKey) })
  v2('rotation: the second of two configured keys', 'VALID', { options: { publicKeys: [pem(other.publicKey), QITECH_PEM] } })
  v2('rotation: a third key, not configured', 'BAD_SIGNATURE', {
    token: await signToken(claimsFor(PAID), third.privateKey),
    options: { publicKeys: [QITECH_PEM, pem(other.publicKey)] },
  })
  v2('the key as a PEM with literal \\n', 'VALID', { options: { publicKeys: [QITECH_PEM.replace(/\n/g, '\\n')] } })

  // v2: algorithms (wrong algorithm), header parameters, signature encodings, token structure.
  v2('alg none with an empty signature', 'ALGORITHM_NOT_ALLOWED', { token: `${base64url('{"alg":"none","typ":"JWT"}')}.${base64url(JSON.stringify(claimsFor(PAID)))}.` })
  await withHeader('HS256 keyed with the public PEM', 'ALGORITHM_NOT_ALLOWED', { alg: 'HS256', typ: 'JWT' }, HMAC_KEY)
  await withHeader('HS512 keyed with the public PEM', 'ALGORITHM_NOT_ALLOWED', { alg: 'HS512', typ: 'JWT' }, HMAC_KEY)
  await withHeader('ES256 with a P-256 key', 'ALGORITHM_NOT_ALLOWED', { alg: 'ES256', typ: 'JWT' }, p256.privateKey)
  v2('a crit header', 'MALFORMED_SIGNATURE', { token: signRawToken({ alg: 'ES512', crit: ['exp'], exp: 1 }, claimsFor(PAID), qitech.privateKey) })
  await withHeader('a b64 header without crit', 'MALFORMED_SIGNATURE', { alg: 'ES512', b64: true })
  v2('a header without alg', 'MALFORMED_SIGNATURE', { token: `${base64url('{"typ":"JWT"}')}.${validToken.split('.').slice(1).join('.')}` })
  await withHeader('a jwk header carrying the signer’s own key', 'BAD_SIGNATURE', { alg: 'ES512', jwk: other.publicKey.export({ format: 'jwk' }) }, other.privateKey)
  await withHeader('a kid header naming another key', 'BAD_SIGNATURE', { alg: 'ES512', kid: 'attacker-key' }, other.privateKey)
  await withHeader('a kid header on a token signed by the configured key', 'VALID', { alg: 'ES512', typ: 'JWT', kid: 'qitech-2026' })
  const signingInput = Buffer.from(validToken.split('.').slice(0, 2).join('.'))
  v2('a DER-encoded signature', 'MALFORMED_SIGNATURE', { token: replaceSignature(sign('sha512', signingInput, { key: qitech.privateKey, dsaEncoding: 'der' })) })
  v2('a truncated signature', 'MALFORMED_SIGNATURE', { token: validToken.slice(0, -8) })
  v2('an all-zero signature', 'BAD_SIGNATURE', { token: replaceSignature(new Uint8Array(132)) })
  v2('an empty signature', 'MALFORMED_SIGNATURE', { token: replaceSignature('') })
  v2('a 2-segment token', 'MALFORMED_SIGNATURE', { token: validToken.split('.').slice(0, 2).join('.') })
  v2('a 5-segment token (an encrypted JWT)', 'MALFORMED_SIGNATURE', { token: `${validToken}.a.b` })
  v2('a token that is not base64url', 'MALFORMED_SIGNATURE', { token: validToken.replace('.', '+.') })
  v2('a header that is not JSON', 'MALFORMED_SIGNATURE', { token: `${base64url('alg=ES512')}.${validToken.split('.').slice(1).join('.')}` })

  // v2: the signed claims.
  for (const claim of ['payload_md5', 'timestamp', 'method', 'uri']) {
    await withClaims(`a token without ${claim}`, 'MALFORMED_SIGNATURE', { [claim]: undefined })
    await withClaims(`a token with a numeric ${claim}`, 'MALFORMED_SIGNATURE', { [claim]: 1 })
  }
  v2('claims that are JSON null', 'MALFORMED_SIGNATURE', { token: await signToken(null, qitech.privateKey) })
  await withClaims('an uppercase payload_md5', 'VALID', { payload_md5: md5Hex(PAID).toUpperCase() })
  v2('another method', 'METHOD_MISMATCH', { method: 'PUT' })
  v2('another path', 'PATH_MISMATCH', { path: '/webhooks/other' })
  v2('the path with a query', 'PATH_MISMATCH', { path: `${PATH}?retry=1` })
  await withClaims('a signed path with a query, received with it', 'VALID', { uri: `${PATH}?tenant=7` }, { path: `${PATH}?tenant=7` })

  // v2: timestamps, with the default 300 s tolerance unless said.
  await withClaims('a timestamp exactly 300 s old', 'VALID', { timestamp: qiTechTimestamp(NOW_MS - 300 * SECONDS) })
  await withClaims('a timestamp 301 s old (stale)', 'STALE_TIMESTAMP', { timestamp: qiTechTimestamp(NOW_MS - 301 * SECONDS) })
  await withClaims('a timestamp exactly 300 s ahead', 'VALID', { timestamp: qiTechTimestamp(NOW_MS + 300 * SECONDS) })
  await withClaims('a timestamp 301 s ahead', 'FUTURE_TIMESTAMP', { timestamp: qiTechTimestamp(NOW_MS + 301 * SECONDS) })
  await withClaims('a 61 s old timestamp with a 60 s tolerance', 'STALE_TIMESTAMP', { timestamp: qiTechTimestamp(NOW_MS - 61 * SECONDS) }, { options: { toleranceSeconds: 60 } })
  await withClaims('a 3599 s old timestamp with the widest tolerance', 'VALID', { timestamp: qiTechTimestamp(NOW_MS - 3599 * SECONDS) }, { options: { toleranceSeconds: 3600 } })
  await withClaims('a timestamp with a -03:00 offset', 'VALID', { timestamp: '2026-11-27T09:00:00.123456-03:00' })
  await withClaims('a timestamp without a zone', 'INVALID_TIMESTAMP', { timestamp: '2026-11-27T12:00:00.000000' })
  await withClaims('an impossible date (February 30)', 'INVALID_TIMESTAMP', { timestamp: '2026-02-30T12:00:00.000000Z' })
  await withClaims('epoch seconds as a string', 'INVALID_TIMESTAMP', { timestamp: String(NOW_MS / 1000) })

  // v2: the options, refused once when the receiver is made.
  v2('tolerance 0', 'INVALID_OPTIONS', { options: { toleranceSeconds: 0 } })
  v2('a tolerance above one hour', 'INVALID_OPTIONS', { options: { toleranceSeconds: 3601 } })
  v2('no public keys', 'INVALID_OPTIONS', { options: { publicKeys: [] } })
  v2('a public key that is not PEM', 'INVALID_OPTIONS', { options: { publicKeys: ['not a key'] } })
  v2('an RSA public key', 'INVALID_OPTIONS', { options: { publicKeys: [pem(rsa.publicKey)] } })
  v2('a P-256 public key', 'INVALID_OPTIONS', { options: { publicKeys: [pem(p256.publicKey)] } })
  v2('the private key instead of the public one', 'INVALID_OPTIONS', { options: { publicKeys: [pem(qitech.privateKey)] } })

  // v2: the AUTHORIZATION and API-CLIENT-KEY headers.
  v2('no AUTHORIZATION header (unsigned)', 'MISSING_SIGNATURE', { headers: [['content-type', 'application/json']] })
  v2('an empty AUTHORIZATION header', 'MISSING_SIGNATURE', { headers: [['authorization', '']] })
  v2('a Bearer prefix', 'VALID', { headers: [['Authorization', `Bearer ${validToken}`]] })
  v2('two AUTHORIZATION values appended', 'MALFORMED_SIGNATURE', { headers: [['authorization', validToken], ['authorization', validToken]] })
  v2('a legacy header while legacy is off', 'LEGACY_NOT_ENABLED', { headers: [['authorization', `QIT ${API_CLIENT_KEY}:${validToken}`]] })
  v2('a configured apiClientKey, sent', 'VALID', { headers: [['authorization', validToken], ['API-CLIENT-KEY', 'k-2']], options: { apiClientKey: ['k-1', 'k-2'] } })
  v2('another integration’s key', 'API_CLIENT_KEY_MISMATCH', { headers: [['authorization', validToken], ['api-client-key', 'k-9']], options: { apiClientKey: 'k-1' } })
  v2('no API-CLIENT-KEY while one is configured', 'MISSING_API_CLIENT_KEY', { options: { apiClientKey: 'k-1' } })

  // v2: authentic bodies, decoded: every valid fixture (its delivery key compared across runtimes), and one signed
  // body per decoding error.
  for (const name of ['seed-bank-slip-update.json', 'status-paid-partial.json', 'status-overdue.json', 'unknown-enumerators.json', 'nulls-where-allowed.json']) {
    const body = readFixture(name)
    v2(`the fixture ${name}`, 'VALID', { body, token: await signToken(claimsFor(body), qitech.privateKey) })
  }
  const decodingError = async (name: string, code: string, body: string): Promise<void> => {
    add(`v2: ${name}`, code, request({ token: await signToken(claimsFor(body), qitech.privateKey) }, body), {}, 'VALID')
  }
  await decodingError('a signed body with a status QI Tech added', 'UNKNOWN_STATUS', PAID.replace('"status": "paid"', '"status": "renegotiated"'))
  await decodingError('a signed body with an amount as a string', 'INVALID_PAYLOAD', readFixture('invalid/paid-amount-as-string.json'))
  await decodingError('a signed body that is not JSON', 'INVALID_JSON', '{"key": ')
  await decodingError('a signed body that is a JSON array', 'NOT_AN_OBJECT', '[]')
  await decodingError('a signed body of another webhook type', 'UNSUPPORTED_WEBHOOK_TYPE', PAID.replace('"installment.status_change"', '"credit_operation.status_change"'))
  await decodingError('a signed v2 body holding a legacy encoded_body', 'ENCODED_BODY', JSON.stringify({ encoded_body: validToken }))

  // v1 (legacy): the valid delivery and one change each.
  const paidJson = JSON.parse(PAID) as unknown
  const legacy = async (name: string, expected: string, parts: Partial<Parameters<typeof legacyDelivery>[0]> = {}, options: Partial<Vector['options']> = {}, change: (d: { headers: Record<string, string>; body: string }) => Change = () => ({})): Promise<void> => {
    const delivery = await legacyDelivery({ json: paidJson, bodyKey: qitech.privateKey, headerKey: qitech.privateKey, ...parts })
    const changed = change(delivery)
    add(`v1: ${name}`, expected, request({ headers: Object.entries(delivery.headers), ...changed }, changed.body === undefined ? delivery.body : changed.body), { legacy: true, ...options })
  }
  await legacy('a valid legacy delivery', 'VALID')
  await legacy('the configured apiClientKey', 'VALID', {}, { apiClientKey: [API_CLIENT_KEY] })
  await legacy('rotation: header and body signed by different configured keys', 'VALID', { bodyKey: other.privateKey }, { publicKeys: [QITECH_PEM, pem(other.publicKey)] })
  await legacy('the body re-serialized around the same encoded_body', 'VALID', { body: (encodedBody) => `{ "encoded_body" : "${encodedBody}" }\n` })
  await legacy('the MD5 of the whole body instead of encoded_body', 'BODY_HASH_MISMATCH', { md5: (encodedBody) => md5Hex(JSON.stringify({ encoded_body: encodedBody })) })
  await legacy('another method line', 'METHOD_MISMATCH', { method: 'PUT' })
  await legacy('another path line', 'PATH_MISMATCH', { path: '/webhooks/other' })
  await legacy('a stale date, 301 s old', 'STALE_TIMESTAMP', { date: httpDate(NOW_MS - 301 * SECONDS) })
  await legacy('a date 301 s ahead', 'FUTURE_TIMESTAMP', { date: httpDate(NOW_MS + 301 * SECONDS) })
  await legacy('an ISO-8601 date', 'INVALID_TIMESTAMP', { date: new Date(NOW_MS).toISOString() })
  await legacy('a signature of four lines', 'MALFORMED_SIGNATURE', { claims: (lines) => ({ sub: API_CLIENT_KEY, signature: lines.slice(0, 4).join('\n') }) })
  await legacy('a sub of another integration', 'API_CLIENT_KEY_MISMATCH', { sub: 'another-key' })
  await legacy('no API-CLIENT-KEY header', 'MISSING_API_CLIENT_KEY', { apiClientKeyHeader: null })
  await legacy('HS512 in the AUTHORIZATION token', 'ALGORITHM_NOT_ALLOWED', { headerKey: HMAC_KEY, tokenHeader: { alg: 'HS512' } })
  await legacy('ES256 in encoded_body', 'ALGORITHM_NOT_ALLOWED', { bodyKey: p256.privateKey, bodyHeader: { alg: 'ES256' } })
  await legacy('encoded_body signed by another key', 'BAD_SIGNATURE', { bodyKey: other.privateKey })
  await legacy('the header signed by another key', 'BAD_SIGNATURE', { headerKey: other.privateKey })
  await legacy('an extra field after encoded_body', 'UNSIGNED_BODY_CONTENT', { body: (encodedBody) => JSON.stringify({ encoded_body: encodedBody, note: 'x' }) })
  await legacy('a byte order mark before the body, sent as bytes', 'UNSIGNED_BODY_CONTENT', {}, {}, ({ body }) => ({
    body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]),
  }))
  await legacy('no encoded_body', 'ENCODED_BODY_INVALID', { body: () => PAID })
  await legacy('bytes that are not UTF-8', 'ENCODED_BODY_INVALID', {}, {}, () => ({ body: new Uint8Array([0x7b, 0xff, 0x7d]) }))
  await legacy('legacy not enabled', 'LEGACY_NOT_ENABLED', {}, { legacy: false })
  await legacy('QIT with a token that is not a JWS', 'MALFORMED_SIGNATURE', {}, {}, ({ headers }) => ({
    headers: [['authorization', `QIT ${API_CLIENT_KEY}:not-a-token`], ['api-client-key', headers['api-client-key']]],
  }))
  return vectors
}

/** A request to a recipe and the answer every runtime must give, as the README's outcome table says. */
export interface RecipeRequest {
  readonly name: string
  readonly request: WireRequest
  readonly status: number
  readonly body?: unknown
}

/** The settings every recipe runs with: QI Tech's key written with literal \n, as environment variables hold it. */
export const RECIPE_ENV = { QITECH_PUBLIC_KEY: QITECH_PEM.replace(/\n/g, '\\n'), QITECH_API_CLIENT_KEY: API_CLIENT_KEY, QITECH_LEGACY: 'true' }

/** Deliveries to the recipes, signed at `nowMs` (the runtimes' own clocks check them): v2 and v1, good and bad. */
export const buildRecipeRequests = async (nowMs: number): Promise<RecipeRequest[]> => {
  const PAID = readFixture('seed-paid.json')
  const at = { timestamp: qiTechTimestamp(nowMs) }
  const v2 = async (body: string, key: KeyObject | Uint8Array = qitech.privateKey, claims: Record<string, unknown> = at, header?: { alg: string }): Promise<WireRequest> => ({
    method: 'POST',
    path: PATH,
    headers: [['authorization', await signToken(claimsFor(body, claims), key, header)], ['api-client-key', API_CLIENT_KEY], ['content-type', 'application/json']],
    body: base64(body),
  })
  const paid = await v2(PAID)
  const legacyPaid = await legacyDelivery({ json: JSON.parse(PAID), bodyKey: qitech.privateKey, headerKey: qitech.privateKey, date: httpDate(nowMs) })
  const legacyStale = await legacyDelivery({ json: JSON.parse(PAID), bodyKey: qitech.privateKey, headerKey: qitech.privateKey, date: httpDate(nowMs - 600 * SECONDS) })
  const legacyRequest = (delivery: { headers: Record<string, string>; body: string }): WireRequest => ({ method: 'POST', path: PATH, headers: Object.entries(delivery.headers), body: base64(delivery.body) })
  const unknownStatus = PAID.replace('"status": "paid"', '"status": "renegotiated"')
  return [
    { name: 'a signed v2 paid delivery', request: paid, status: 200, body: { status: 'paid' } },
    { name: 'the same delivery again (a retry)', request: paid, status: 200, body: { status: 'paid' } },
    { name: 'a signed legacy (v1) paid delivery', request: legacyRequest(legacyPaid), status: 200, body: { status: 'paid' } },
    { name: 'a signed bank-slip update', request: await v2(readFixture('seed-bank-slip-update.json')), status: 200, body: { status: 'update' } },
    { name: 'a signed bank-slip update of 10,000 charges', request: await v2(largeBankSlipUpdate(10_000).body), status: 200, body: { status: 'update' } },
    { name: 'tampered', request: { ...paid, body: base64(PAID.replace('1009.68', '9009.68')) }, status: 401, body: { error: 'BODY_HASH_MISMATCH' } },
    { name: 'signed by another key', request: await v2(PAID, other.privateKey), status: 401, body: { error: 'BAD_SIGNATURE' } },
    { name: 'signed 600 s ago', request: await v2(PAID, qitech.privateKey, { timestamp: qiTechTimestamp(nowMs - 600 * SECONDS) }), status: 401, body: { error: 'STALE_TIMESTAMP' } },
    { name: 'a legacy delivery signed 600 s ago', request: legacyRequest(legacyStale), status: 401, body: { error: 'STALE_TIMESTAMP' } },
    { name: 'HS256 keyed with the public PEM', request: await v2(PAID, HMAC_KEY, at, { alg: 'HS256' }), status: 401, body: { error: 'ALGORITHM_NOT_ALLOWED' } },
    { name: 'unsigned', request: { ...paid, headers: paid.headers.filter(([name]) => name !== 'authorization') }, status: 401, body: { error: 'MISSING_SIGNATURE' } },
    { name: 'for another integration', request: { ...paid, headers: [paid.headers[0], ['api-client-key', 'another-integration']] }, status: 401, body: { error: 'API_CLIENT_KEY_MISMATCH' } },
    { name: 'authentic, with a status QI Tech added', request: await v2(unknownStatus), status: 202, body: { stored: 'dead_letter', error: 'UNKNOWN_STATUS' } },
    { name: 'authentic, but not a valid payload', request: await v2(readFixture('invalid/paid-amount-as-string.json')), status: 202, body: { stored: 'dead_letter', error: 'INVALID_PAYLOAD' } },
    { name: 'no body', request: { ...paid, body: null }, status: 400, body: { error: 'NO_BODY' } },
    // Bun's server refuses it before the handler runs, with a page of its own; the others answer from the handler.
    { name: 'a body over the 10 MiB limit', request: { ...paid, body: base64('x'.repeat(10 * 1024 * 1024 + 1)) }, status: 413 },
    { name: 'another path', request: { ...paid, path: '/other' }, status: 404 },
  ]
}
