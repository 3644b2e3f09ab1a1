import { InstallmentWebhookError, type InstallmentWebhookErrorCode, isInstallmentWebhookError } from '../../src'
import {
  InstallmentWebhookSignatureError,
  type InstallmentWebhookSignatureErrorCode,
  isInstallmentWebhookSignatureError,
  receiveInstallmentWebhook,
} from '../../src/signature'
import { buildStatusChangeWebhook, signLegacyTestWebhook, signTestWebhook } from '../../src/testing'
import { readFixture, validFixtureNames } from '../fixtures'
import { NOW_MS, PATH, md5Hex, p521KeyPair } from './delivery'

const keys = p521KeyPair()
const options = { publicKeys: [keys.publicKey], now: () => NOW_MS }
const API_CLIENT_KEY = '20d6a816-9d21-4e29-bbe5-2ffb3baacfe9'

/** A request for `body`, signed as QI Tech would sign it. */
const signedRequest = async <B extends string | Buffer>(body: B) => ({
  headers: await signTestWebhook({ body, privateKey: keys.privateKey, path: PATH, timestamp: new Date(NOW_MS) }),
  body,
  method: 'POST',
  path: PATH,
})

describe('receiveInstallmentWebhook', () => {
  it.each(validFixtureNames)('verifies and decodes the signed fixture %s', async (name) => {
    const text = readFixture(name)
    const result = await receiveInstallmentWebhook(await signedRequest(Buffer.from(text, 'utf8')), options)
    expect(result).toEqual({ _tag: 'Right', right: { scheme: 'v2', claims: expect.any(Object), apiClientKey: undefined, webhook: JSON.parse(text) } })
  })

  it('resolves to the webhook together with the verified claims and the API-CLIENT-KEY header', async () => {
    const body = readFixture('seed-paid.json')
    const headers = await signTestWebhook({ body, privateKey: keys.privateKey, path: PATH, timestamp: new Date(NOW_MS), apiClientKey: API_CLIENT_KEY })
    const result = await receiveInstallmentWebhook({ headers, body, method: 'POST', path: PATH }, options)
    expect(result).toEqual({
      _tag: 'Right',
      right: {
        scheme: 'v2',
        claims: { payload_md5: md5Hex(body), timestamp: '2026-11-27T12:00:00.000000Z', method: 'POST', uri: PATH },
        apiClientKey: API_CLIENT_KEY,
        webhook: JSON.parse(body),
      },
    })
  })

  it('decodes a string body as well as bytes', async () => {
    const text = readFixture('seed-bank-slip-update.json')
    const result = await receiveInstallmentWebhook(await signedRequest(text), options)
    expect(result._tag === 'Right' && result.right.webhook.data.status).toBe('update')
  })

  it('returns the signature error and decodes nothing when the body was tampered with', async () => {
    const request = await signedRequest(readFixture('seed-paid.json'))
    const result = await receiveInstallmentWebhook({ ...request, body: request.body.replace('1009.68', '1.00') }, options)
    expect(result._tag === 'Left' && result.left.code).toBe('BODY_HASH_MISMATCH')
    expect(result._tag === 'Left' && isInstallmentWebhookSignatureError(result.left)).toBe(true)
  })

  it('returns the decoder error, with the body kept, for an authentic body that is not a valid webhook', async () => {
    const text = readFixture('invalid/paid-amount-as-string.json')
    const result = await receiveInstallmentWebhook(await signedRequest(text), options)
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(result.left).toBeInstanceOf(InstallmentWebhookError)
    expect(isInstallmentWebhookError(result.left) && result.left.issues.map((i) => i.path)).toEqual([
      'data.installment.installment_payment[0].paid_amount',
    ])
    expect(isInstallmentWebhookError(result.left) && result.left.payload).toEqual(JSON.parse(text))
  })

  it('returns INVALID_JSON for an authentic body that is not JSON, keeping a string body as the string given', async () => {
    const result = await receiveInstallmentWebhook(await signedRequest('not json'), options)
    expect(result._tag === 'Left' && isInstallmentWebhookError(result.left) && [result.left.code, result.left.payload]).toEqual(['INVALID_JSON', 'not json'])
  })

  it('decodes the UTF-8 text that was hashed, so a lone surrogate in a string body decodes as the U+FFFD it was hashed as', async () => {
    const text = readFixture('seed-paid.json').replace('"co.InstallmentStatus.paid"', '"co.InstallmentStatus.paid\uD800"')
    const request = await signedRequest(text)
    const result = await receiveInstallmentWebhook(request, options)
    if (result._tag === 'Left') throw result.left
    if (result.right.webhook.data.status !== 'paid') throw new Error('expected paid')
    expect(result.right.webhook.data.installment.installment_status?.translation_path).toBe('co.InstallmentStatus.paid\uFFFD')
  })

  it('keeps a bytes body as the private copy of the bytes that were verified', async () => {
    const body = Buffer.from('not json')
    const result = await receiveInstallmentWebhook(await signedRequest(body), options)
    if (result._tag === 'Right' || !isInstallmentWebhookError(result.left)) throw new Error('expected a decoder error')
    expect(result.left.payload).toEqual(new Uint8Array(body))
    expect(result.left.payload).not.toBe(body)
  })

  it('decodes the bytes it verified, even if the caller changes its buffer while verification runs', async () => {
    const text = readFixture('seed-paid.json')
    const request = await signedRequest(Buffer.from(text, 'utf8'))
    const pending = receiveInstallmentWebhook(request, options)
    request.body.fill(0x20)
    expect(await pending).toMatchObject({ _tag: 'Right', right: { webhook: JSON.parse(text) } })
  })

  it('reads the body once, so a body that changes between reads cannot swap what gets decoded', async () => {
    const text = readFixture('seed-paid.json')
    const signed = await signedRequest(text)
    let reads = 0
    const request = {
      ...signed,
      get body() {
        reads += 1
        return reads === 1 ? text : text.replace('"paid"', '"overdue"')
      },
    }
    const result = await receiveInstallmentWebhook(request, options)
    expect(result._tag === 'Right' && result.right.webhook.data.status).toBe('paid')
    expect(reads).toBe(1)
  })

  it('resolves to INVALID_OPTIONS instead of rejecting when the options are bad', async () => {
    const request = await signedRequest(readFixture('seed-paid.json'))
    const result = await receiveInstallmentWebhook(request, { publicKeys: [] })
    expect(result._tag === 'Left' && result.left.code).toBe('INVALID_OPTIONS')
  })
})

describe('receiveInstallmentWebhook with legacy (v1) deliveries', () => {
  const legacyOptions = { ...options, legacy: true }
  const legacyRequest = async (webhook: object) => {
    const { headers, body } = await signLegacyTestWebhook({ webhook, privateKey: keys.privateKey, apiClientKey: API_CLIENT_KEY, path: PATH, date: new Date(NOW_MS) })
    return { headers, body, method: 'POST', path: PATH }
  }

  it('decodes the verified encoded_body claims, and the webhook is that very object', async () => {
    const webhook = buildStatusChangeWebhook('paid')
    const result = await receiveInstallmentWebhook(await legacyRequest(webhook), legacyOptions)
    if (result._tag === 'Left') throw result.left
    if (result.right.scheme !== 'v1') throw new Error('expected a v1 verification')
    expect(result.right.webhook).toEqual(webhook)
    expect(result.right.webhook).toBe(result.right.payload)
    expect(result.right).toMatchObject({ apiClientKey: API_CLIENT_KEY, claims: { sub: API_CLIENT_KEY }, signedRequest: { path: PATH } })
  })

  it('returns the decoder error, with the claims object as its payload, for authentic claims that are not a webhook', async () => {
    const broken = buildStatusChangeWebhook('paid', { data: { installment: { due_date: '2024-02-30' } } })
    const result = await receiveInstallmentWebhook(await legacyRequest(broken), legacyOptions)
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(isInstallmentWebhookError(result.left) && [result.left.code, result.left.issues.map((i) => i.path), result.left.payload]).toEqual([
      'INVALID_PAYLOAD',
      ['data.installment.due_date'],
      broken,
    ])
  })

  it('rejects a legacy delivery with LEGACY_NOT_ENABLED unless legacy is true, decoding nothing', async () => {
    const result = await receiveInstallmentWebhook(await legacyRequest(buildStatusChangeWebhook('paid')), options)
    expect(result._tag === 'Left' && isInstallmentWebhookSignatureError(result.left) && result.left.code).toBe('LEGACY_NOT_ENABLED')
  })

  it('still receives v2 deliveries when legacy is true', async () => {
    const result = await receiveInstallmentWebhook(await signedRequest(readFixture('seed-paid.json')), legacyOptions)
    expect(result._tag === 'Right' && result.right.scheme).toBe('v2')
  })
})

describe('the two error types', () => {
  it('have disjoint codes, so one switch on code covers both', () => {
    // Checked when the test compiles: a code in both unions would make `Shared` a string type.
    type Shared = InstallmentWebhookSignatureErrorCode & InstallmentWebhookErrorCode
    const disjoint: [Shared] extends [never] ? true : false = true
    expect(disjoint).toBe(true)
  })

  it('are told apart by their guards', () => {
    const signatureError = new InstallmentWebhookSignatureError('BAD_SIGNATURE', 'x')
    const decodeError = new InstallmentWebhookError('INVALID_JSON', [], '')
    expect([isInstallmentWebhookSignatureError(signatureError), isInstallmentWebhookSignatureError(decodeError)]).toEqual([true, false])
    expect([isInstallmentWebhookError(signatureError), isInstallmentWebhookError(decodeError)]).toEqual([false, true])
    expect(isInstallmentWebhookSignatureError({ code: 'BAD_SIGNATURE' })).toBe(false)
    expect(isInstallmentWebhookSignatureError(null)).toBe(false)
  })
})

describe('a body from someone without QI Tech\'s key', () => {
  // 100,000 empty installments: costly to parse, and no decoder's business until the signature has been checked.
  const hostile = `{"key":"k","webhook_type":"installment.status_change","data":{"status":"update","installments":[${'{},'.repeat(99_999)}{}]}}`
  const other = p521KeyPair()

  /** What `run` resolves to, and whether `JSON.parse` was handed the hostile body while it ran. */
  const watchingParse = async (run: () => Promise<unknown>) => {
    const spy = jest.spyOn(JSON, 'parse')
    try {
      const result = await run()
      return { result, parsedBody: spy.mock.calls.some(([text]) => typeof text === 'string' && text.length >= hostile.length) }
    } finally {
      spy.mockRestore()
    }
  }
  const codeOf = (result: unknown) => (result as { _tag: string; left?: { code: string } }).left?.code

  it.each([
    ['v2, signed for other bytes', 'BODY_HASH_MISMATCH', () => signTestWebhook({ body: '{}', privateKey: keys.privateKey, path: PATH, timestamp: new Date(NOW_MS) })],
    ['v2, signed with another key', 'BAD_SIGNATURE', () => signTestWebhook({ body: hostile, privateKey: other.privateKey, path: PATH, timestamp: new Date(NOW_MS) })],
    ['legacy, signed with another key', 'BAD_SIGNATURE', async () => (await signLegacyTestWebhook({ webhook: {}, privateKey: other.privateKey, apiClientKey: API_CLIENT_KEY, path: PATH, date: new Date(NOW_MS) })).headers],
  ])('is refused before it is parsed: %s', async (_, code, sign) => {
    const headers = await sign()
    const { result, parsedBody } = await watchingParse(() =>
      receiveInstallmentWebhook({ headers, body: Buffer.from(hostile), method: 'POST', path: PATH }, { ...options, legacy: true }),
    )
    expect(codeOf(result)).toBe(code)
    expect(parsedBody).toBe(false)
  })

  it('is parsed once it is authentic: the watch above sees a parse when there is one', async () => {
    const headers = await signTestWebhook({ body: hostile, privateKey: keys.privateKey, path: PATH, timestamp: new Date(NOW_MS) })
    const { result, parsedBody } = await watchingParse(() =>
      receiveInstallmentWebhook({ headers, body: Buffer.from(hostile), method: 'POST', path: PATH }, options),
    )
    expect(codeOf(result)).toBe('INVALID_PAYLOAD')
    expect(parsedBody).toBe(true)
  })
})
