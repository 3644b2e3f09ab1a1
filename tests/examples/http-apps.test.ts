import { createHash, createPublicKey, verify } from 'node:crypto'
import express from 'express'
import type { AddressInfo } from 'node:net'
import { type Server, createServer } from 'node:http'
import { createApp } from '../../examples/express'
import { buildApp } from '../../examples/fastify'
import { createWebhookServer } from '../../examples/node-http'
import { type ReceiverConfig, memoryStore } from '../../examples/store'
import {
  API_CLIENT_KEY,
  PATH,
  deliveries,
  expectStoredDeliveries,
  expectedAnswers,
  failingStore,
  integratorKeys,
  keys,
  largeUpdate,
  legacyDelivery,
  postAll,
  startupError,
  storedCharges,
  wrongCurveKey,
} from './deliveries'

// Each example app runs on 127.0.0.1 on a free port and receives real fetch requests.

const listen = (server: Server): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))
  })

const close = (server: Server): Promise<void> =>
  new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))

// Each app starts on a free port with a store, and stops; starting rejects when the configuration is wrong.
type Start = (config: ReceiverConfig) => Promise<{ baseUrl: string; close: () => Promise<void> }>

const httpApps: Array<[string, Start]> = [
  [
    'Express',
    async (config) => {
      const server = createServer(await createApp(config))
      return { baseUrl: await listen(server), close: () => close(server) }
    },
  ],
  [
    'Fastify',
    async (config) => {
      const app = await buildApp(config)
      return { baseUrl: await app.listen({ port: 0, host: '127.0.0.1' }), close: () => app.close() }
    },
  ],
  [
    'node:http',
    async ({ publicKeys, store }) => {
      const server = await createWebhookServer(publicKeys, store)
      return { baseUrl: await listen(server), close: () => close(server) }
    },
  ],
]

describe.each(httpApps)('the %s example over HTTP', (name, start) => {
  it('gives every outcome its answer: 200 stored once, 202 dead letter for an authentic body it cannot type, 401 forged, 400 no body', async () => {
    const memory = memoryStore()
    const app = await start({ publicKeys: [keys.publicKey], store: memory.store })
    try {
      const list = await deliveries()
      expect(await postAll(app.baseUrl, list)).toEqual(expectedAnswers(list))
      expectStoredDeliveries(memory)
    } finally {
      await app.close()
    }
  })

  it('refuses to start with a key that is not QI Tech\'s kind, naming the option, so no delivery is answered 401', async () => {
    await expect(start({ publicKeys: [wrongCurveKey], store: memoryStore().store })).rejects.toMatchObject(startupError)
  })

  it('answers 400, never 500, to a POST with neither a body nor a content type', async () => {
    const app = await start({ publicKeys: [keys.publicKey], store: memoryStore().store })
    try {
      const response = await fetch(`${app.baseUrl}${PATH}`, { method: 'POST' })
      expect([response.status, await response.json()]).toEqual([400, { error: 'NO_BODY' }])
    } finally {
      await app.close()
    }
  })

  it('answers 413 to a body over its 10 MiB limit', async () => {
    const app = await start({ publicKeys: [keys.publicKey], store: memoryStore().store })
    try {
      const body = '{"key":"' + 'x'.repeat(10 * 1024 * 1024) + '"}'
      expect((await fetch(`${app.baseUrl}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(413)
    } finally {
      await app.close()
    }
  })

  it('answers 200 to a signed bank-slip update of 10,000 charges and stores every charge', async () => {
    const memory = memoryStore()
    const app = await start({ publicKeys: [keys.publicKey], store: memory.store })
    try {
      const { headers, body, installmentKeys } = await largeUpdate()
      const response = await fetch(`${app.baseUrl}${PATH}`, { method: 'POST', headers, body })
      expect([response.status, await response.json()]).toEqual([200, { status: 'update' }])
      expect(storedCharges(memory)).toEqual(installmentKeys)
    } finally {
      await app.close()
    }
  })

  it('answers 500 when its storage fails, so QI Tech retries', async () => {
    const app = await start({ publicKeys: [keys.publicKey], store: failingStore })
    try {
      const stored = (await deliveries()).filter(({ name }) => name === 'a signed fixture' || name === 'a signed malformed body')
      const statuses = []
      for (const { headers, body } of stored) {
        statuses.push((await fetch(`${app.baseUrl}${PATH}`, { method: 'POST', headers, body })).status)
      }
      expect(statuses).toEqual([500, 500])
    } finally {
      await app.close()
    }
  })

  if (name !== 'node:http') {
    it('verifies the path with its query, as QI Tech called it', async () => {
      const app = await start({ publicKeys: [keys.publicKey], store: memoryStore().store })
      try {
        const list = await deliveries(`${PATH}?tenant=7`)
        expect(await postAll(app.baseUrl, list.slice(0, 1), `${PATH}?tenant=7`)).toEqual(expectedAnswers(list.slice(0, 1)))
        expect((await postAll(app.baseUrl, list.slice(0, 1)))[0]).toMatchObject({ status: 401, answer: { error: 'PATH_MISMATCH' } })
      } finally {
        await app.close()
      }
    })
  }
})

describe('the Express example behind an app-wide JSON parser', () => {
  it('answers 500 RAW_BODY_REQUIRED, never 401, to a genuine delivery whose body was parsed before the route', async () => {
    const memory = memoryStore()
    const server = createServer(express().use(express.json()).use(await createApp({ publicKeys: [keys.publicKey], store: memory.store })))
    try {
      const [valid] = await deliveries()
      expect(await postAll(await listen(server), [valid])).toEqual([{ name: valid.name, status: 500, answer: { error: 'RAW_BODY_REQUIRED' } }])
      expect(memory.deliveries.size + memory.deadLetters.length).toBe(0)
    } finally {
      await close(server)
    }
  })
})

/** Checks an ES512 compact JWS with node:crypto against the integrator's public key; returns its claims. */
const claimsSignedByIntegrator = (jws: string): unknown => {
  const [header, claims, signature] = jws.split('.')
  const input = Buffer.from(`${header}.${claims}`)
  const signed = verify('sha512', input, { key: createPublicKey(integratorKeys.publicKey), dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))
  expect(signed).toBe(true)
  return JSON.parse(Buffer.from(claims, 'base64url').toString('utf8'))
}

// Each app as a legacy (v1) receiver: it accepts v1 and v2 deliveries for one integration and answers v1 ones with
// the signed acknowledgement; the same app without legacy refuses v1 deliveries.
const legacyConfig = () => ({
  publicKeys: [keys.publicKey],
  store: memoryStore().store,
  apiClientKey: API_CLIENT_KEY,
  legacy: true,
  acknowledgementKey: integratorKeys.privateKey,
})
// The node:http example takes no legacy options.
const legacyApps = httpApps.filter(([name]) => name !== 'node:http')

describe.each(legacyApps)('the %s example with legacy (v1) deliveries over HTTP', (_, start) => {
  let legacyApp: { baseUrl: string; close: () => Promise<void> }
  let plainApp: { baseUrl: string; close: () => Promise<void> }
  beforeAll(async () => {
    legacyApp = await start(legacyConfig())
    plainApp = await start({ publicKeys: [keys.publicKey], store: memoryStore().store })
  })
  afterAll(async () => {
    await legacyApp.close()
    await plainApp.close()
  })

  const post = (baseUrl: string, delivery: { headers: Record<string, string>; body: string }) =>
    fetch(`${baseUrl}${PATH}`, { method: 'POST', headers: delivery.headers, body: delivery.body })

  it('answers a v1 delivery with 200 and an acknowledgement signed by the integrator, for the endpoint called', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000
    const response = await post(legacyApp.baseUrl, await legacyDelivery())
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('api-client-key')).toBe(API_CLIENT_KEY)
    const body = (await response.json()) as { encoded_body: string }
    expect(Object.keys(body)).toEqual(['encoded_body'])
    expect(claimsSignedByIntegrator(body.encoded_body)).toEqual({})

    const authorization = response.headers.get('authorization') ?? ''
    expect(authorization.startsWith(`QIT ${API_CLIENT_KEY}:`)).toBe(true)
    const claims = claimsSignedByIntegrator(authorization.slice(`QIT ${API_CLIENT_KEY}:`.length)) as { sub: string; signature: string }
    expect(claims.sub).toBe(API_CLIENT_KEY)
    const [method, md5, contentType, date, path] = claims.signature.split('\n')
    expect([method, md5, contentType, path]).toEqual(['POST', createHash('md5').update(body.encoded_body).digest('hex'), 'application/json', PATH])
    expect(Date.parse(date) >= before && Date.parse(date) <= Date.now()).toBe(true)
  })

  it('still answers a v2 delivery with 200 and the status', async () => {
    const [signed] = await deliveries()
    const response = await post(legacyApp.baseUrl, { ...signed, headers: { ...signed.headers, 'API-CLIENT-KEY': API_CLIENT_KEY } })
    expect([response.status, await response.json()]).toEqual([200, { status: 'paid' }])
  })

  it('refuses a v1 delivery for another integration with 401 API_CLIENT_KEY_MISMATCH', async () => {
    const response = await post(legacyApp.baseUrl, await legacyDelivery('5a0b1c2d-0000-4000-8000-000000000000'))
    expect([response.status, await response.json()]).toEqual([401, { error: 'API_CLIENT_KEY_MISMATCH' }])
  })

  it('refuses a v1 delivery with a tampered encoded_body with 401', async () => {
    const delivery = await legacyDelivery()
    const response = await post(legacyApp.baseUrl, { ...delivery, body: delivery.body.replace(/"encoded_body":"[\w-]+/, '$&x') })
    expect([response.status, await response.json()]).toEqual([401, { error: 'BODY_HASH_MISMATCH' }])
  })

  it('refuses a v1 delivery with 401 LEGACY_NOT_ENABLED when legacy is off', async () => {
    const response = await post(plainApp.baseUrl, await legacyDelivery())
    expect([response.status, await response.json()]).toEqual([401, { error: 'LEGACY_NOT_ENABLED' }])
  })
})
