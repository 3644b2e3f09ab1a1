import { generateKeyPairSync, verify } from 'node:crypto'
import {
  LEGACY_SCHEME,
  parseLegacyAuthorization,
  parseSignatureLines,
  readEncodedBody,
  signLegacyMessage,
} from '../../src/signature/legacy'
import { cryptoKeyOf, md5Hex } from './delivery'

const keys = generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
const encode = (text: string): Uint8Array => new TextEncoder().encode(text)
const segmentJson = (segment: string): unknown => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))

describe('LEGACY_SCHEME', () => {
  it('tells a QIT header from a bare JWT or a Bearer token', () => {
    expect(['QIT k:t', 'qit k:t', 'QIT\tk:t'].map((value) => LEGACY_SCHEME.test(value))).toEqual([true, true, true])
    expect(['eyJ.eyJ.sig', 'Bearer eyJ', 'QITk:t', 'QIT', 'Bearer QIT k:t'].map((value) => LEGACY_SCHEME.test(value))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
  })
})

describe('parseLegacyAuthorization', () => {
  it('splits QIT <key>:<jwt> at its one colon', () => {
    expect(parseLegacyAuthorization('QIT key-1:a.b.c')).toEqual({ apiClientKey: 'key-1', token: 'a.b.c' })
    expect(parseLegacyAuthorization('qit  key-1:a.b.c')).toEqual({ apiClientKey: 'key-1', token: 'a.b.c' })
  })

  it.each(['QIT key-1', 'QIT QIT key-1:a.b.c', 'QIT :a.b.c', 'QIT key-1:', 'QIT key 1:a.b.c', 'QIT key-1:a.b c', 'QIT key:1:a.b.c', 'QITkey:a.b.c', 'Bearer key:a.b.c'])(
    'rejects %j',
    (value) => {
      expect(parseLegacyAuthorization(value)).toBeUndefined()
    },
  )
})

describe('parseSignatureLines', () => {
  it('names the five lines', () => {
    expect(parseSignatureLines('POST\nabc\n\nFri, 27 Nov 2026 12:00:00 GMT\n/p')).toEqual({
      method: 'POST',
      bodyMd5: 'abc',
      contentType: '',
      date: 'Fri, 27 Nov 2026 12:00:00 GMT',
      path: '/p',
    })
  })

  it.each(['POST\nabc\n\ndate', 'POST\nabc\n\ndate\n/p\n', 'POST abc  date /p', ''])('rejects %j, which is not five lines', (value) => {
    expect(parseSignatureLines(value)).toBeUndefined()
  })
})

describe('readEncodedBody', () => {
  const detail = (result: ReturnType<typeof readEncodedBody>): string => (result.ok ? `ok ${result.value}` : result.code)

  it('reads the encoded_body string of a body that is exactly {"encoded_body": "..."}, with JSON whitespace around', () => {
    expect(detail(readEncodedBody(encode('{"encoded_body":"a.b.c"}')))).toBe('ok a.b.c')
    expect(detail(readEncodedBody(encode(' \t{ "encoded_body" : "a.b.c" }\r\n')))).toBe('ok a.b.c')
    expect(detail(readEncodedBody(encode('{"encoded_body":""}')))).toBe('ok ')
  })

  it.each([
    ['another field', '{"note":1,"encoded_body":"a.b.c"}'],
    ['a second encoded_body', '{"encoded_body":"a.b.c","encoded_body":"d.e.f"}'],
    ['an escape in the string', '{"encoded_body":"a\\u002eb.c"}'],
    ['a byte order mark', '\uFEFF{"encoded_body":"a.b.c"}'],
  ])('refuses a body with %s next to encoded_body with UNSIGNED_BODY_CONTENT', (_, text) => {
    expect(detail(readEncodedBody(encode(text)))).toBe('UNSIGNED_BODY_CONTENT')
  })

  it.each([
    ['not JSON', '{encoded_body: "a"}'],
    ['not JSON for a no-break space, which is not JSON whitespace', '{\u00A0"encoded_body":"a.b.c"}'],
    ['a JSON array', '["a.b.c"]'],
    ['JSON null', 'null'],
    ['a JSON string', '"a.b.c"'],
    ['an object without encoded_body', '{"key":"k"}'],
    ['an encoded_body that is an object', '{"encoded_body":{"key":"k"}}'],
    ['an encoded_body that is null', '{"encoded_body":null}'],
  ])('refuses a body that is %s with ENCODED_BODY_INVALID', (_, text) => {
    expect(detail(readEncodedBody(encode(text)))).toBe('ENCODED_BODY_INVALID')
  })

  it('refuses bytes that are not UTF-8, even inside the encoded_body string, with ENCODED_BODY_INVALID', () => {
    expect(detail(readEncodedBody(new Uint8Array([0x22, 0xff, 0x22])))).toBe('ENCODED_BODY_INVALID')
    expect(detail(readEncodedBody(new Uint8Array([...encode('{"encoded_body":"a'), 0xff, ...encode('b"}')])))).toBe('ENCODED_BODY_INVALID')
  })
})

describe('signLegacyMessage', () => {
  it('signs the JSON into encoded_body and the five lines, with the key, into a QIT header', async () => {
    const message = {
      json: { status: 'ok' },
      privateKey: await cryptoKeyOf(keys.privateKey),
      apiClientKey: 'key-1',
      method: 'POST',
      contentType: 'application/json',
      date: 'Fri, 27 Nov 2026 12:00:00 GMT',
      path: '/webhooks/qitech',
    }
    const { authorization, body } = await signLegacyMessage(message)
    const encodedBody = (JSON.parse(body) as { encoded_body: string }).encoded_body
    expect(Object.keys(JSON.parse(body) as object)).toEqual(['encoded_body'])
    expect(authorization.startsWith('QIT key-1:')).toBe(true)
    const token = authorization.slice('QIT key-1:'.length)
    for (const jws of [token, encodedBody]) {
      const [header, , signature] = jws.split('.')
      expect(segmentJson(header)).toEqual({ alg: 'ES512', typ: 'JWT' })
      const input = Buffer.from(jws.slice(0, jws.lastIndexOf('.')))
      expect(verify('sha512', input, { key: keys.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true)
    }
    expect(segmentJson(encodedBody.split('.')[1])).toEqual({ status: 'ok' })
    expect(segmentJson(token.split('.')[1])).toEqual({
      sub: 'key-1',
      signature: `POST\n${md5Hex(encodedBody)}\napplication/json\nFri, 27 Nov 2026 12:00:00 GMT\n/webhooks/qitech`,
    })
  })
})
