// Signed deliveries for the example apps: what QI Tech would POST, and what a forger or a broken sender would.
import { generateKeyPairSync } from 'node:crypto'
import {
  type TestKeyPair,
  generateTestKeyPair,
  signLegacyTestWebhook,
  signTestWebhook,
} from '../../src/testing'
import { type DeliveryStore, memoryStore } from '../../examples/store'
import { largeBankSlipUpdate, readFixture } from '../fixtures'

/** QI Tech's key pair for the tests, and the integration's own (registered with QI Tech, it signs acknowledgements). */
export let keys: TestKeyPair
export let integratorKeys: TestKeyPair
// Generated before the tests of any file that imports this one.
beforeAll(async () => {
  ;[keys, integratorKeys] = await Promise.all([generateTestKeyPair(), generateTestKeyPair()])
})
export const PATH = '/webhooks/qitech'

/** A key a receiver cannot use for QI Tech's ES512: an EC P-256 public key, as a PEM. */
export const wrongCurveKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString()

/** How every example refuses to start with {@link wrongCurveKey}: the error names the option. */
export const startupError = { code: 'INVALID_OPTIONS', message: expect.stringContaining('publicKeys[0] is not') }

export interface Delivery {
  readonly name: string
  readonly headers: Record<string, string>
  readonly body: string
  readonly status: number
  readonly answer: object
}

/**
 * The same table of outcomes for every example, with the answer each gives: a valid delivery and its retry, a
 * tampered one, three authentic ones this version cannot type (a broken body, a status QI Tech added, another
 * webhook type), an unsigned one and one without a body.
 */
export const deliveries = async (path = PATH): Promise<Delivery[]> => {
  const paid = readFixture('seed-paid.json')
  const malformed = readFixture('invalid/paid-amount-as-string.json')
  const addedStatus = paid.replace('"status": "paid"', '"status": "unmonitored"')
  const otherType = readFixture('invalid/laas-installment-payment.json')
  const sign = async (body: string) => ({ ...(await signTestWebhook({ body, privateKey: keys.privateKey, path })) })
  return [
    { name: 'a signed fixture', headers: await sign(paid), body: paid, status: 200, answer: { status: 'paid' } },
    { name: 'a retry of it', headers: await sign(paid), body: paid, status: 200, answer: { status: 'paid' } },
    {
      name: 'a tampered body',
      headers: await sign(paid),
      body: paid.replace('1009.68', '9009.68'),
      status: 401,
      answer: { error: 'BODY_HASH_MISMATCH' },
    },
    {
      name: 'a signed malformed body',
      headers: await sign(malformed),
      body: malformed,
      status: 202,
      answer: { stored: 'dead_letter', error: 'INVALID_PAYLOAD' },
    },
    {
      name: 'a signed delivery with a status QI Tech added',
      headers: await sign(addedStatus),
      body: addedStatus,
      status: 202,
      answer: { stored: 'dead_letter', error: 'UNKNOWN_STATUS' },
    },
    {
      name: 'a signed delivery of another webhook type',
      headers: await sign(otherType),
      body: otherType,
      status: 202,
      answer: { stored: 'dead_letter', error: 'UNSUPPORTED_WEBHOOK_TYPE' },
    },
    {
      name: 'an unsigned body',
      headers: { 'content-type': 'application/json' },
      body: paid,
      status: 401,
      answer: { error: 'MISSING_SIGNATURE' },
    },
    { name: 'no body', headers: {}, body: '', status: 400, answer: { error: 'NO_BODY' } },
  ]
}

/** {@link largeBankSlipUpdate} of `count` charges (10,000: about 5.2 MB), signed. */
export const largeUpdate = async (count = 10_000, path = PATH) => {
  const { body, installmentKeys } = largeBankSlipUpdate(count)
  return { headers: await signTestWebhook({ body, privateKey: keys.privateKey, path }), body, installmentKeys }
}

/** The installment keys of every charge of the bank-slip updates a store holds. */
export const storedCharges = (memory: ReturnType<typeof memoryStore>): string[] =>
  [...memory.deliveries.values()].flatMap((webhook) =>
    webhook.data.status === 'update' ? webhook.data.installments.map((charge) => charge.installment_key) : [],
  )

/** POSTs each delivery to `baseUrl` with a real fetch and returns what came back. */
export const postAll = async (baseUrl: string, list: Delivery[], path = PATH) => {
  const answers: Array<{ name: string; status: number; answer: unknown }> = []
  for (const delivery of list) {
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: delivery.headers, body: delivery.body })
    answers.push({ name: delivery.name, status: response.status, answer: await response.json() })
  }
  return answers
}

/** What each delivery should get back. */
export const expectedAnswers = (list: Delivery[]) => list.map(({ name, status, answer }) => ({ name, status, answer }))

/**
 * What a store holds after {@link deliveries} were received: the paid webhook once, and the three authentic bodies
 * it cannot type as dead letters, the broken one among them.
 */
export const expectStoredDeliveries = (memory: ReturnType<typeof memoryStore>): void => {
  expect([...memory.deliveries.values()].map((webhook) => webhook.data.status)).toEqual(['paid'])
  expect(memory.deadLetters.map(({ code, unsupported }) => [code, unsupported])).toEqual([
    ['INVALID_PAYLOAD', false],
    ['UNKNOWN_STATUS', true],
    ['UNSUPPORTED_WEBHOOK_TYPE', true],
  ])
}

/** A store whose database is down: every write throws. */
export const failingStore: DeliveryStore = {
  save: () => Promise.reject(new Error('the database is down')),
  deadLetter: () => Promise.reject(new Error('the database is down')),
}

/** The integration's key. */
export const API_CLIENT_KEY = '20d6a816-9d21-4e29-bbe5-2ffb3baacfe9'

/** A legacy (v1) delivery of the seed `paid` fixture, signed with QI Tech's test key for `apiClientKey`. */
export const legacyDelivery = async (apiClientKey = API_CLIENT_KEY, path = PATH) => {
  const webhook = JSON.parse(readFixture('seed-paid.json')) as object
  const { headers, body } = await signLegacyTestWebhook({ webhook, privateKey: keys.privateKey, apiClientKey, path })
  return { headers: { ...headers }, body }
}
