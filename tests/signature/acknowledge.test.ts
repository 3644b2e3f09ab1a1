import { generateKeyPairSync, verify } from 'node:crypto'
import { signInstallmentWebhookAcknowledgement, verifyInstallmentWebhookSignature } from '../../src/signature'
import { API_CLIENT_KEY, NOW_MS, PATH, md5Hex } from './delivery'

const integrator = generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
const privatePem = integrator.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const now = () => NOW_MS
const base = { privateKey: privatePem, apiClientKey: API_CLIENT_KEY, path: PATH, now }

const segmentJson = (segment: string): unknown => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))

/** Checks an ES512 compact JWS with node:crypto alone and returns its header and claims. */
const openWithNodeCrypto = (jws: string) => {
  const [header, claims, signature] = jws.split('.')
  const signed = verify('sha512', Buffer.from(`${header}.${claims}`), { key: integrator.publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))
  return { signed, header: segmentJson(header), claims: segmentJson(claims) }
}

const sign = async (options: object) => {
  const result = await signInstallmentWebhookAcknowledgement(options as never)
  if (result._tag === 'Left') throw result.left
  return result.right
}

describe('signInstallmentWebhookAcknowledgement', () => {
  it('answers 200 with encoded_body and a QIT Authorization that node:crypto verifies against the public key', async () => {
    const ack = await sign(base)
    expect(ack.status).toBe(200)
    expect(ack.headers).toEqual({
      Authorization: expect.stringMatching(new RegExp(`^QIT ${API_CLIENT_KEY}:`)),
      'API-CLIENT-KEY': API_CLIENT_KEY,
      'Content-Type': 'application/json',
    })
    const parsed = JSON.parse(ack.body) as { encoded_body: string }
    expect(Object.keys(parsed)).toEqual(['encoded_body'])

    const body = openWithNodeCrypto(parsed.encoded_body)
    expect(body).toEqual({ signed: true, header: { alg: 'ES512', typ: 'JWT' }, claims: {} })

    const token = openWithNodeCrypto(ack.headers.Authorization.slice(`QIT ${API_CLIENT_KEY}:`.length))
    expect(token.signed).toBe(true)
    expect(token.header).toEqual({ alg: 'ES512', typ: 'JWT' })
    expect(token.claims).toEqual({ sub: API_CLIENT_KEY, signature: expect.any(String) })
    expect((token.claims as { signature: string }).signature.split('\n')).toEqual([
      'POST',
      md5Hex(parsed.encoded_body),
      'application/json',
      'Fri, 27 Nov 2026 12:00:00 GMT',
      PATH,
    ])
  })

  it('signs the body and method given, and reads the clock as a Date too', async () => {
    const ack = await sign({ ...base, body: { status: 'received', items: [1] }, method: 'PUT', now: () => new Date(NOW_MS + 1000) })
    const encodedBody = (JSON.parse(ack.body) as { encoded_body: string }).encoded_body
    expect(openWithNodeCrypto(encodedBody).claims).toEqual({ status: 'received', items: [1] })
    const token = openWithNodeCrypto(ack.headers.Authorization.split(':')[1])
    expect((token.claims as { signature: string }).signature.split('\n')).toEqual([
      'PUT',
      md5Hex(encodedBody),
      'application/json',
      'Fri, 27 Nov 2026 12:00:01 GMT',
      PATH,
    ])
  })

  it('signs with a KeyObject, and is dated now by default', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000
    const ack = await sign({ privateKey: integrator.privateKey, apiClientKey: API_CLIENT_KEY, path: PATH })
    const { signature } = openWithNodeCrypto(ack.headers.Authorization.split(':')[1]).claims as { signature: string }
    const signedAt = Date.parse(signature.split('\n')[3])
    expect(signedAt >= before && signedAt <= Date.now()).toBe(true)
  })

  it('builds an answer that verifies as a legacy (v1) request against the public key', async () => {
    const ack = await sign({ ...base, body: { ok: true } })
    const result = await verifyInstallmentWebhookSignature(
      { headers: ack.headers, body: ack.body, method: 'POST', path: PATH },
      { publicKeys: [integrator.publicKey], legacy: true, now, apiClientKey: API_CLIENT_KEY },
    )
    expect(result._tag === 'Right' && result.right.scheme === 'v1' && result.right.payload).toEqual({ ok: true })
  })

  it.each([
    ['options that are null', null, 'options must be an object with privateKey, apiClientKey and path'],
    ['options that are a string', 'key', 'options must be an object with privateKey, apiClientKey and path'],
    ['a public key', { ...base, privateKey: integrator.publicKey }, 'privateKey is a public key; pass your private key'],
    ['a P-256 key', { ...base, privateKey: p256.privateKey }, 'privateKey is not an EC P-521 key; ES512 needs one'],
    ['no key', { ...base, privateKey: undefined }, 'privateKey is not a PEM string, a KeyObject or a CryptoKey'],
    ['no apiClientKey', { ...base, apiClientKey: undefined }, "apiClientKey must be your integration's API-CLIENT-KEY, without spaces or colons"],
    ['an empty apiClientKey', { ...base, apiClientKey: '' }, 'apiClientKey must be'],
    ['an apiClientKey with a colon', { ...base, apiClientKey: 'a:b' }, 'apiClientKey must be'],
    ['an apiClientKey with a space', { ...base, apiClientKey: 'a b' }, 'apiClientKey must be'],
    ['an apiClientKey with a newline', { ...base, apiClientKey: 'a\nb' }, 'apiClientKey must be'],
    ['no path', { ...base, path: undefined }, 'path must be the path of the endpoint that received the delivery'],
    ['an empty path', { ...base, path: '' }, 'path must be'],
    ['a path with a newline', { ...base, path: '/a\n/b' }, 'path must be'],
    ['a path with a carriage return', { ...base, path: '/a\r' }, 'path must be'],
    ['a method with a newline', { ...base, method: 'POST\n' }, 'method must be an HTTP method'],
    ['an empty method', { ...base, method: '' }, 'method must be'],
    ['a body that is null', { ...base, body: null }, 'body must be an object that JSON.stringify can write'],
    ['a body that is a string', { ...base, body: '{}' }, 'body must be'],
    ['a body whose toJSON returns undefined', { ...base, body: { toJSON: () => undefined } }, 'body must be'],
    ['a clock that returns NaN', { ...base, now: () => Number.NaN }, 'now() returned neither a valid Date nor a finite number'],
    ['a clock that is not a function', { ...base, now: NOW_MS }, 'now is not a function'],
    ['a body with a BigInt', { ...base, body: { amount: 1n } }, 'the options threw while being read or signed'],
    ['a clock that throws', { ...base, now: () => { throw new Error('no clock') } }, 'the options threw while being read or signed'],
  ])('returns INVALID_OPTIONS, never a throw, for %s', async (_, options, detail) => {
    const result = await signInstallmentWebhookAcknowledgement(options as never)
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(result.left.code).toBe('INVALID_OPTIONS')
    expect(result.left.message).toMatch(new RegExp(`^qitech-installment-webhooks: INVALID_OPTIONS: ${detail.replace(/[()]/g, '\\$&')}`))
  })

  it('never puts the private key in a message', async () => {
    const result = await signInstallmentWebhookAcknowledgement({ ...base, privateKey: privatePem.replace('PRIVATE', 'PUBLIC') })
    expect(result._tag === 'Left' && result.left.message).toBe('qitech-installment-webhooks: INVALID_OPTIONS: privateKey is not a PEM private key on curve P-521: ES512 needs a PKCS #8 PEM ("BEGIN PRIVATE KEY")')
  })
})
