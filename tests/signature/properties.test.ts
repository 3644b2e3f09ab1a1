import fc from 'fast-check'
import { type InstallmentWebhookRequest, receiveInstallmentWebhook, verifyInstallmentWebhookSignature } from '../../src/signature'
import { signLegacyTestWebhook, signTestWebhook } from '../../src/testing'
import { propertySettings } from '../property-settings'
import { NOW_MS, PATH, p521KeyPair } from './delivery'

// ES512 signing takes a few milliseconds, so the properties that sign run 100 times; the others 300.
const keys = p521KeyPair()
const options = { publicKeys: [keys.publicKey], now: () => NOW_MS }
const timestamp = new Date(NOW_MS)

const verify = (headers: object, body: Uint8Array, path = PATH) =>
  verifyInstallmentWebhookSignature({ headers, body, method: 'POST', path } as InstallmentWebhookRequest, options)

describe('verifyInstallmentWebhookSignature properties', () => {
  it('accepts what signTestWebhook signed, for any body bytes and any path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.webPath({ size: 'small' }), async (body, path) => {
        const headers = await signTestWebhook({ body, privateKey: keys.privateKeyObject, path, timestamp })
        const result = await verify(headers, body, path)
        expect(result._tag).toBe('Right')
      }),
      propertySettings(100),
    )
  })

  it('accepts what signLegacyTestWebhook signed, with legacy: true, for any JSON object and any path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 8 }), fc.webPath({ size: 'small' }), async (webhook, path) => {
        const apiClientKey = 'k-1'
        const { headers, body } = await signLegacyTestWebhook({ webhook, privateKey: keys.privateKeyObject, apiClientKey, path, date: timestamp })
        const result = await verifyInstallmentWebhookSignature({ headers, body, method: 'POST', path }, { ...options, legacy: true })
        expect(result._tag === 'Right' && result.right.scheme === 'v1' && result.right.payload).toEqual(JSON.parse(JSON.stringify(webhook)))
      }),
      propertySettings(50),
    )
  })

  it('rejects a body with any single byte changed with BODY_HASH_MISMATCH', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 2048 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (body, position, delta) => {
          const headers = await signTestWebhook({ body, privateKey: keys.privateKeyObject, path: PATH, timestamp })
          const changed = body.slice()
          const index = position % body.length
          changed[index] = (changed[index] + delta) % 256
          const result = await verify(headers, changed)
          expect(result._tag === 'Left' && result.left.code).toBe('BODY_HASH_MISMATCH')
        },
      ),
      propertySettings(100),
    )
  })

  it('rejects a token with any single character changed', async () => {
    const body = new TextEncoder().encode('{"key":"k"}')
    const { AUTHORIZATION: token } = await signTestWebhook({ body, privateKey: keys.privateKey, path: PATH, timestamp })
    expect((await verify({ authorization: token }, body))._tag).toBe('Right')
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.integer({ min: 0, max: 255 }), async (index, code) => {
        fc.pre(String.fromCharCode(code) !== token[index])
        const changed = token.slice(0, index) + String.fromCharCode(code) + token.slice(index + 1)
        const result = await verify({ authorization: changed }, body)
        expect(result._tag === 'Left' && result.left.code).toMatch(/^(?:MALFORMED_SIGNATURE|ALGORITHM_NOT_ALLOWED|BAD_SIGNATURE)$/)
      }),
      propertySettings(300),
    )
  })

  it('never throws or rejects, whatever the request and options, in verify and in receive', async () => {
    const headerValue = fc.oneof(fc.string(), fc.string().map((text) => `QIT ${text}`), fc.array(fc.string()), fc.anything())
    const request = fc.oneof(
      fc.anything(),
      fc.record({
        headers: fc.oneof(fc.dictionary(fc.constantFrom('authorization', 'AUTHORIZATION', 'api-client-key', 'x'), headerValue), fc.anything()),
        body: fc.oneof(fc.uint8Array(), fc.string(), fc.anything()),
        method: fc.oneof(fc.constant('POST'), fc.anything()),
        path: fc.oneof(fc.constant(PATH), fc.anything()),
      }),
    )
    const anyOptions = fc.oneof(
      fc.anything(),
      fc.record(
        {
          publicKeys: fc.oneof(fc.constant([keys.publicKey]), fc.array(fc.oneof(fc.string(), fc.anything())), fc.anything()),
          toleranceSeconds: fc.oneof(fc.double(), fc.anything()),
          now: fc.oneof(fc.constant(() => NOW_MS), fc.func(fc.anything()), fc.anything()),
          legacy: fc.oneof(fc.boolean(), fc.anything()),
          apiClientKey: fc.oneof(fc.string(), fc.array(fc.string()), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    )
    await fc.assert(
      fc.asyncProperty(request, anyOptions, async (req, opts) => {
        const verified = await verifyInstallmentWebhookSignature(req as never, opts as never)
        const received = await receiveInstallmentWebhook(req as never, opts as never)
        expect([verified._tag, received._tag]).toEqual([expect.stringMatching(/^(?:Left|Right)$/), expect.stringMatching(/^(?:Left|Right)$/)])
      }),
      propertySettings(300),
    )
  })

  it('returns INVALID_OPTIONS, not an exception, for a request or options whose every read throws', async () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom')
        },
        ownKeys() {
          throw new Error('boom')
        },
      },
    )
    const body = new Uint8Array([1])
    for (const [request, opts] of [
      [hostile, options],
      [{ headers: {}, body, method: 'POST', path: PATH }, hostile],
      [{ headers: hostile, body, method: 'POST', path: PATH }, options],
    ] as const) {
      const result = await verifyInstallmentWebhookSignature(request as never, opts as never)
      expect(result._tag === 'Left' && result.left.code).toBe('INVALID_OPTIONS')
    }
  })
})
