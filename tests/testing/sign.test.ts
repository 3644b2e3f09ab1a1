import { createHash } from 'node:crypto'
import { verifyInstallmentWebhookSignature } from '../../src/signature'
import { type TestKeyPair, generateTestKeyPair, signLegacyTestWebhook, signTestWebhook } from '../../src/testing'
import { p521KeyPair } from '../signature/delivery'

let keys: TestKeyPair
beforeAll(async () => {
  keys = await generateTestKeyPair()
})
const body = '{"key":"92a05d9c-e457-4f28-9fa8-86be638ee2d0"}'
const decodeSegment = (segment: string): unknown => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))

describe('signTestWebhook', () => {
  it("signs QI Tech's header and claims, in QI Tech's order, with a 132-byte ES512 signature", async () => {
    const headers = await signTestWebhook({
      body,
      privateKey: keys.privateKey,
      path: '/webhooks/qitech',
      timestamp: new Date('2023-06-30T18:52:27.885Z'),
    })
    const [header, claims, signature] = headers.AUTHORIZATION.split('.')
    expect(decodeSegment(header)).toEqual({ alg: 'ES512', typ: 'JWT' })
    expect(Buffer.from(claims, 'base64url').toString('utf8')).toBe(
      JSON.stringify({
        payload_md5: createHash('md5').update(body).digest('hex'),
        timestamp: '2023-06-30T18:52:27.885000Z',
        method: 'POST',
        uri: '/webhooks/qitech',
      }),
    )
    expect(Buffer.from(signature, 'base64url')).toHaveLength(132)
    expect(headers).toEqual({ AUTHORIZATION: headers.AUTHORIZATION, 'CONTENT-TYPE': 'application/json' })
  })

  it('adds API-CLIENT-KEY when given, and uses a timestamp string and a method as given', async () => {
    const headers = await signTestWebhook({
      body: Buffer.from(body),
      privateKey: keys.privateCryptoKey,
      path: '/hooks',
      method: 'PUT',
      timestamp: '2023-06-30T18:52:27Z',
      apiClientKey: '20d6a816-9d21-4e29-bbe5-2ffb3baacfe9',
    })
    expect(headers['API-CLIENT-KEY']).toBe('20d6a816-9d21-4e29-bbe5-2ffb3baacfe9')
    expect(decodeSegment(headers.AUTHORIZATION.split('.')[1])).toMatchObject({ timestamp: '2023-06-30T18:52:27Z', method: 'PUT', uri: '/hooks' })
  })

  it('produces deliveries that verifyInstallmentWebhookSignature accepts, timestamped now by default', async () => {
    const headers = await signTestWebhook({ body, privateKey: keys.privateKey, path: '/webhooks/qitech' })
    const result = await verifyInstallmentWebhookSignature(
      { headers, body, method: 'POST', path: '/webhooks/qitech' },
      { publicKeys: keys.publicKey },
    )
    expect(result._tag).toBe('Right')
  })

  it('signs with a Node KeyObject too', async () => {
    const nodeKeys = p521KeyPair()
    const headers = await signTestWebhook({ body, privateKey: nodeKeys.privateKeyObject, path: '/webhooks/qitech' })
    const result = await verifyInstallmentWebhookSignature(
      { headers, body, method: 'POST', path: '/webhooks/qitech' },
      { publicKeys: nodeKeys.publicKey },
    )
    expect(result._tag).toBe('Right')
  })

  it('throws a TypeError for a body that is not a string or bytes', async () => {
    await expect(
      signTestWebhook({ body: { key: 'k' } as never, privateKey: keys.privateKey, path: '/webhooks/qitech' }),
    ).rejects.toThrow(TypeError)
  })
})

describe('signLegacyTestWebhook', () => {
  const webhook = { key: '92a05d9c-e457-4f28-9fa8-86be638ee2d0', webhook_type: 'installment.status_change' }
  const apiClientKey = '20d6a816-9d21-4e29-bbe5-2ffb3baacfe9'

  it('wraps the webhook in encoded_body and signs the five lines under QIT <key>:<JWT>', async () => {
    const { headers, body } = await signLegacyTestWebhook({
      webhook,
      privateKey: keys.privateKey,
      apiClientKey,
      path: '/webhooks/qitech',
      date: new Date('2026-11-27T12:00:00Z'),
    })
    const encodedBody = (JSON.parse(body) as { encoded_body: string }).encoded_body
    expect(body).toBe(JSON.stringify({ encoded_body: encodedBody }))
    expect(decodeSegment(encodedBody.split('.')[1])).toEqual(webhook)
    expect(headers).toEqual({ AUTHORIZATION: expect.stringMatching(/^QIT 20d6a816-9d21-4e29-bbe5-2ffb3baacfe9:[\w-]+\.[\w-]+\.[\w-]{176}$/), 'API-CLIENT-KEY': apiClientKey, 'CONTENT-TYPE': 'application/json' })
    expect(decodeSegment(headers.AUTHORIZATION.split('.')[1])).toEqual({
      sub: apiClientKey,
      signature: `POST\n${createHash('md5').update(encodedBody).digest('hex')}\napplication/json\nFri, 27 Nov 2026 12:00:00 GMT\n/webhooks/qitech`,
    })
  })

  it('uses a method, a content type and a date string as given', async () => {
    const { headers } = await signLegacyTestWebhook({
      webhook,
      privateKey: keys.privateCryptoKey,
      apiClientKey,
      path: '/p',
      method: 'PUT',
      contentType: '',
      date: 'not a date',
    })
    const { signature } = decodeSegment(headers.AUTHORIZATION.split('.')[1]) as { signature: string }
    expect(signature.split('\n')).toEqual(['PUT', expect.stringMatching(/^[\da-f]{32}$/), '', 'not a date', '/p'])
  })

  it('produces deliveries that verifyInstallmentWebhookSignature accepts with legacy: true, dated now by default', async () => {
    const { headers, body } = await signLegacyTestWebhook({ webhook, privateKey: keys.privateKey, apiClientKey, path: '/webhooks/qitech' })
    const result = await verifyInstallmentWebhookSignature(
      { headers, body, method: 'POST', path: '/webhooks/qitech' },
      { publicKeys: keys.publicKey, legacy: true },
    )
    expect(result._tag === 'Right' && result.right.scheme === 'v1' && result.right.payload).toEqual(webhook)
  })

  it.each([
    ['nested 100,000 deep', JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as object],
    ['holding a BigInt', { amount: 1n }],
    ['holding itself', (() => { const loop: Record<string, unknown> = {}; loop.self = loop; return loop })()],
    ['that JSON.stringify writes as undefined', (() => undefined) as unknown as object],
    ['that is not an object', 'paid' as unknown as object],
  ])('rejects with its documented TypeError for a webhook %s', async (_, bad) => {
    const signing = signLegacyTestWebhook({ webhook: bad, privateKey: keys.privateKey, apiClientKey, path: '/p' })
    await expect(signing).rejects.toThrow(new TypeError('signLegacyTestWebhook: webhook must be an object that JSON.stringify can write'))
  })

  it('rejects with its documented TypeError for an apiClientKey or a path that is not a string', async () => {
    for (const bad of [{ apiClientKey: undefined }, { path: 7 }]) {
      const signing = signLegacyTestWebhook({ webhook, privateKey: keys.privateKey, apiClientKey, path: '/p', ...(bad as object) })
      await expect(signing).rejects.toThrow(TypeError)
    }
  })

  it('throws a TypeError for a key that is not a P-521 private key', async () => {
    await expect(signLegacyTestWebhook({ webhook, privateKey: keys.publicKey, apiClientKey, path: '/p' })).rejects.toThrow(
      new TypeError('signLegacyTestWebhook: privateKey is not a PEM private key on curve P-521: ES512 needs a PKCS #8 PEM ("BEGIN PRIVATE KEY")'),
    )
  })
})
