import { createHash } from 'node:crypto'
import { verifyInstallmentWebhookSignature } from '../../src/signature'
import { generateTestKeyPair, signTestWebhook } from '../../src/testing'

const keys = generateTestKeyPair()
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
      privateKey: keys.privateKeyObject,
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

  it('throws a TypeError for a body that is not a string or bytes', async () => {
    await expect(
      signTestWebhook({ body: { key: 'k' } as never, privateKey: keys.privateKey, path: '/webhooks/qitech' }),
    ).rejects.toThrow(TypeError)
  })
})
