import {
  InstallmentWebhookSignatureError,
  createInstallmentWebhookReceiver,
  isInstallmentWebhookSignatureError,
} from '../../src/signature'
import { buildStatusChangeWebhook, signLegacyTestWebhook, signTestWebhook } from '../../src/testing'
import { readFixture } from '../fixtures'
import { API_CLIENT_KEY, NOW_MS, PATH, p521KeyPair } from './delivery'

const keys = p521KeyPair()
const other = p521KeyPair()
const now = () => NOW_MS

const signedRequest = async (body: string, privateKey = keys.privateKey) => ({
  headers: await signTestWebhook({ body, privateKey, path: PATH, timestamp: new Date(NOW_MS), apiClientKey: API_CLIENT_KEY }),
  body,
  method: 'POST',
  path: PATH,
})

/** What a rejected construction rejected with, as `code: message`. */
const rejection = async (options: unknown): Promise<string> => {
  try {
    await createInstallmentWebhookReceiver(options as never)
  } catch (error) {
    if (!isInstallmentWebhookSignatureError(error)) throw error
    expect(error).toBeInstanceOf(InstallmentWebhookSignatureError)
    return `${error.code}: ${error.message}`
  }
  throw new Error('expected the construction to reject')
}

describe('createInstallmentWebhookReceiver', () => {
  it('builds a receiver that verifies and decodes a signed delivery', async () => {
    const receiver = await createInstallmentWebhookReceiver({ publicKeys: [keys.publicKey], now, apiClientKey: API_CLIENT_KEY })
    const body = readFixture('seed-paid.json')
    const received = await receiver.receive(await signedRequest(body))
    expect(received).toMatchObject({ _tag: 'Right', right: { scheme: 'v2', apiClientKey: API_CLIENT_KEY, webhook: JSON.parse(body) } })
    const verified = await receiver.verify(await signedRequest(body))
    expect(verified).toMatchObject({ _tag: 'Right', right: { scheme: 'v2', claims: { uri: PATH } } })
  })

  it('returns signature errors as Lefts, never rejecting, from the same receiver', async () => {
    const receiver = await createInstallmentWebhookReceiver({ publicKeys: keys.publicKey, now })
    const forged = await receiver.receive(await signedRequest(readFixture('seed-paid.json'), other.privateKey))
    const parsed = await receiver.verify({ headers: {}, body: JSON.parse('{}') as string, method: 'POST', path: PATH })
    expect([forged, parsed].map((result) => result._tag === 'Left' && result.left.code)).toEqual(['BAD_SIGNATURE', 'MISSING_SIGNATURE'])
    const unsigned = await receiver.verify({ headers: { authorization: 'x.y.z' }, body: JSON.parse('{}') as string, method: 'POST', path: PATH })
    expect(unsigned._tag === 'Left' && unsigned.left.code).toBe('RAW_BODY_REQUIRED')
    const notARequest = await receiver.receive(null as never)
    expect(notARequest._tag === 'Left' && notARequest.left.code).toBe('INVALID_OPTIONS')
  })

  it('accepts any of several keys, and legacy deliveries when legacy is true', async () => {
    const receiver = await createInstallmentWebhookReceiver({ publicKeys: [other.publicKey, keys.publicKey], now, legacy: true })
    const { headers, body } = await signLegacyTestWebhook({
      webhook: buildStatusChangeWebhook('paid'),
      privateKey: keys.privateKey,
      apiClientKey: API_CLIENT_KEY,
      path: PATH,
      date: new Date(NOW_MS),
    })
    const result = await receiver.receive({ headers, body, method: 'POST', path: PATH })
    expect(result._tag === 'Right' && result.right.scheme).toBe('v1')
  })

  it('reads the clock for each delivery, so a long-lived receiver refuses a replay', async () => {
    let nowMs = NOW_MS
    const receiver = await createInstallmentWebhookReceiver({ publicKeys: keys.publicKey, now: () => nowMs })
    const request = await signedRequest(readFixture('seed-paid.json'))
    expect((await receiver.verify(request))._tag).toBe('Right')
    nowMs += 301_000
    const replayed = await receiver.verify(request)
    expect(replayed._tag === 'Left' && replayed.left.code).toBe('STALE_TIMESTAMP')
  })

  it('answers INVALID_OPTIONS for a clock that breaks after construction, and for one that throws', async () => {
    let value: unknown = NOW_MS
    const receiver = await createInstallmentWebhookReceiver({ publicKeys: keys.publicKey, now: () => value as number })
    value = Number.NaN
    const broken = await receiver.verify(await signedRequest('{}'))
    expect(broken._tag === 'Left' && broken.left.message).toMatch(/INVALID_OPTIONS.*now\(\) returned neither/)
    const downWhenUnset = () => {
      if (value === undefined) throw new Error('clock down')
      return NOW_MS
    }
    value = undefined
    const throwing = await createInstallmentWebhookReceiver({ publicKeys: keys.publicKey, now: downWhenUnset }).catch((error: unknown) => error)
    expect(isInstallmentWebhookSignatureError(throwing) && throwing.code).toBe('INVALID_OPTIONS')
    value = NOW_MS
    const later = await createInstallmentWebhookReceiver({ publicKeys: keys.publicKey, now: downWhenUnset })
    value = undefined
    const thrown = await later.verify(await signedRequest('{}'))
    expect(thrown._tag === 'Left' && thrown.left.message).toBe('qitech-installment-webhooks: INVALID_OPTIONS: the clock threw')
  })

  it('reads the body when called, so a caller that reuses its buffer afterwards cannot change what is verified and decoded', async () => {
    const receiver = await createInstallmentWebhookReceiver({ publicKeys: keys.publicKey, now })
    const text = readFixture('seed-paid.json')
    const request = await signedRequest(text)
    const bytes = Buffer.from(text)
    const pending = receiver.receive({ ...request, body: bytes })
    bytes.fill(0x20)
    expect(await pending).toMatchObject({ _tag: 'Right', right: { webhook: JSON.parse(text) } })
  })

  it('accepts a PEM whose line breaks are written as the two characters \\n, as environment variables often hold it', async () => {
    const escaped = keys.publicKey.trim().replace(/\n/g, '\\n')
    expect(escaped).not.toContain('\n')
    const receiver = await createInstallmentWebhookReceiver({ publicKeys: escaped, now })
    expect((await receiver.verify(await signedRequest('{}')))._tag).toBe('Right')
  })

  it.each([
    ['options that are not an object', undefined, 'options must be an object with publicKeys'],
    ['no publicKeys', {}, "publicKeys is empty; pass QI Tech's public key (PEM)"],
    ['a bad key in a list, named by its index', { publicKeys: [keys.publicKey, 'not a key'] }, 'publicKeys[1] is not a PEM public key'],
    ['a private key among the public ones', { publicKeys: [keys.privateKey] }, 'publicKeys[0] is a private key'],
    ['a tolerance of 0', { publicKeys: keys.publicKey, toleranceSeconds: 0 }, 'toleranceSeconds must be more than 0 and at most 3600'],
    ['a tolerance given as a string', { publicKeys: keys.publicKey, toleranceSeconds: '300' }, 'toleranceSeconds must be'],
    ['a clock that is not a function', { publicKeys: keys.publicKey, now: NOW_MS }, 'now is not a function'],
    ['a clock that returns a string', { publicKeys: keys.publicKey, now: () => '2026-11-27' }, 'now() returned neither a valid Date nor a finite number'],
    ['an empty apiClientKey', { publicKeys: keys.publicKey, apiClientKey: '' }, "apiClientKey must be your integration's API-CLIENT-KEY"],
    ['legacy given as a string', { publicKeys: keys.publicKey, legacy: 'false' }, 'legacy must be true or false'],
  ])('rejects %s with INVALID_OPTIONS naming the option', async (_, options, message) => {
    const rejected = await rejection(options)
    expect(rejected.startsWith(`INVALID_OPTIONS: qitech-installment-webhooks: INVALID_OPTIONS: ${message}`) ? message : rejected).toBe(message)
  })

  it('rejects with INVALID_OPTIONS when reading the options throws', async () => {
    const options = {
      get publicKeys(): string {
        throw new Error('secret store down')
      },
    }
    expect(await rejection(options)).toMatch(/^INVALID_OPTIONS: .*the options threw while being read/)
  })

  it('reads the options once: a getter changed later does not change the receiver', async () => {
    let reads = 0
    const options = {
      get publicKeys(): string {
        reads += 1
        return reads === 1 ? keys.publicKey : other.publicKey
      },
      now,
    }
    const receiver = await createInstallmentWebhookReceiver(options)
    expect((await receiver.verify(await signedRequest('{}')))._tag).toBe('Right')
    expect((await receiver.verify(await signedRequest('{}')))._tag).toBe('Right')
    expect(reads).toBe(1)
  })
})
