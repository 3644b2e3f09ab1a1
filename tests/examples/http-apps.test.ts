import type { AddressInfo } from 'node:net'
import { type Server, createServer } from 'node:http'
import { createApp } from '../../examples/express'
import { buildApp } from '../../examples/fastify'
import { createWebhookServer } from '../../examples/node-http'
import { PATH, deliveries, expectedAnswers, keys, postAll } from './deliveries'

// Each example app runs on 127.0.0.1 on a free port and receives real fetch requests.

const listen = (server: Server): Promise<string> =>
  new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))
  })

const close = (server: Server): Promise<void> =>
  new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))

describe('the Express example over HTTP', () => {
  const server = createServer(createApp([keys.publicKey]))
  let baseUrl = ''
  beforeAll(async () => {
    baseUrl = await listen(server)
  })
  afterAll(() => close(server))

  it('answers 200 with the status, 401 for a tampered or unsigned body, 400 for a malformed one', async () => {
    const list = await deliveries()
    expect(await postAll(baseUrl, list)).toEqual(expectedAnswers(list))
  })

  it('verifies the path with its query, as QI Tech called it', async () => {
    const list = await deliveries(`${PATH}?tenant=7`)
    expect(await postAll(baseUrl, list.slice(0, 1), `${PATH}?tenant=7`)).toEqual(expectedAnswers(list.slice(0, 1)))
    expect((await postAll(baseUrl, list.slice(0, 1)))[0]).toMatchObject({ status: 401, answer: { error: 'PATH_MISMATCH' } })
  })
})

describe('the Fastify example over HTTP', () => {
  const app = buildApp([keys.publicKey])
  let baseUrl = ''
  beforeAll(async () => {
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(() => app.close())

  it('answers 200 with the status, 401 for a tampered or unsigned body, 400 for a malformed one', async () => {
    const list = await deliveries()
    expect(await postAll(baseUrl, list)).toEqual(expectedAnswers(list))
  })
})

describe('the node:http example over HTTP', () => {
  const server = createWebhookServer([keys.publicKey])
  let baseUrl = ''
  beforeAll(async () => {
    baseUrl = await listen(server)
  })
  afterAll(() => close(server))

  it('answers 200 with the status, 401 for a tampered or unsigned body, 400 for a malformed one', async () => {
    const list = await deliveries()
    expect(await postAll(baseUrl, list)).toEqual(expectedAnswers(list))
  })
})
