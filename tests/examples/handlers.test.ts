import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { createHandler, handler as lambdaHandler } from '../../examples/lambda'
import { POST as nextPOST, createRouteHandler } from '../../examples/next-route'
import { signTestWebhook } from '../../src/testing'
import { memoryStore } from '../../examples/store'
import {
  PATH,
  deliveries,
  expectStoredDeliveries,
  expectedAnswers,
  failingStore,
  keys,
  largeUpdate,
  startupError,
  storedCharges,
  wrongCurveKey,
} from './deliveries'

// The serverless examples are functions of a request: they get real Web Requests and API Gateway events.

const request = (headers: Record<string, string>, body: string) =>
  new Request(`https://lender.example${PATH}`, { method: 'POST', headers, body })

describe('the Next.js route handler example', () => {
  it('gives every outcome the answer the HTTP apps give, and stores alike', async () => {
    const memory = memoryStore()
    const POST = await createRouteHandler([keys.publicKey], memory.store)
    const list = await deliveries()
    const answers = []
    for (const { name, headers, body } of list) {
      const response = await POST(request(headers, body))
      answers.push({ name, status: response.status, answer: await response.json() })
    }
    expect(answers).toEqual(expectedAnswers(list))
    expectStoredDeliveries(memory)
  })

  it('answers 200 to a signed bank-slip update of 10,000 charges and stores every charge', async () => {
    const memory = memoryStore()
    const POST = await createRouteHandler([keys.publicKey], memory.store)
    const { headers, body, installmentKeys } = await largeUpdate()
    expect((await POST(request(headers, body))).status).toBe(200)
    expect(storedCharges(memory)).toEqual(installmentKeys)
  })

  it('refuses to be built with a key that is not QI Tech\'s kind, naming the option', async () => {
    await expect(createRouteHandler([wrongCurveKey], memoryStore().store)).rejects.toMatchObject(startupError)
  })

  it('rejects a genuine delivery, which Next.js answers with 500, never 401, when QITECH_PUBLIC_KEY is not set', async () => {
    expect(process.env.QITECH_PUBLIC_KEY).toBeUndefined()
    const [valid] = await deliveries()
    await expect(nextPOST(request(valid.headers, valid.body))).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
  })

  it('throws when its storage fails, which Next.js answers with 500', async () => {
    const [valid] = await deliveries()
    const failing = await createRouteHandler([keys.publicKey], failingStore)
    await expect(failing(request(valid.headers, valid.body))).rejects.toThrow('the database is down')
  })

  it('keeps a byte order mark the body was signed with, which request.text() would drop', async () => {
    const POST = await createRouteHandler([keys.publicKey], memoryStore().store)
    const [valid] = await deliveries()
    const body = `\uFEFF${valid.body}`
    const headers = await signTestWebhook({ body, privateKey: keys.privateKey, path: PATH })
    expect((await POST(request(headers, body))).status).toBe(200)
  })
})

const eventFor = (headers: Record<string, string>, body: string, isBase64Encoded: boolean): APIGatewayProxyEventV2 => ({
  version: '2.0',
  routeKey: `POST ${PATH}`,
  rawPath: PATH,
  rawQueryString: '',
  // API Gateway lower-cases header names.
  headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
  body: isBase64Encoded ? Buffer.from(body, 'utf8').toString('base64') : body,
  isBase64Encoded,
  requestContext: {
    accountId: '123456789012',
    apiId: 'api',
    domainName: 'lender.example',
    domainPrefix: 'lender',
    http: { method: 'POST', path: PATH, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'qitech' },
    requestId: 'id',
    routeKey: `POST ${PATH}`,
    stage: '$default',
    time: '27/Nov/2026:12:00:00 +0000',
    timeEpoch: 0,
  },
})

describe('the AWS Lambda handler example', () => {
  it.each([
    ['a base64-encoded body', true],
    ['a text body', false],
  ])('gives every outcome the answer the HTTP apps give, and stores alike, for %s', async (_, isBase64Encoded) => {
    const memory = memoryStore()
    const storing = await createHandler([keys.publicKey], memory.store)
    const list = await deliveries()
    const answers = []
    for (const { name, headers, body } of list) {
      const result = await storing(eventFor(headers, body, isBase64Encoded))
      answers.push({ name, status: result.statusCode, answer: JSON.parse(result.body ?? '') as unknown })
    }
    expect(answers).toEqual(expectedAnswers(list))
    expectStoredDeliveries(memory)
  })

  it('answers 200 to a signed bank-slip update of 10,000 charges sent as text, and stores every charge', async () => {
    const memory = memoryStore()
    const storing = await createHandler([keys.publicKey], memory.store)
    const { headers, body, installmentKeys } = await largeUpdate()
    expect((await storing(eventFor(headers, body, false))).statusCode).toBe(200)
    expect(storedCharges(memory)).toEqual(installmentKeys)
  })

  it('refuses to be built with a key that is not QI Tech\'s kind, naming the option', async () => {
    await expect(createHandler([wrongCurveKey], memoryStore().store)).rejects.toMatchObject(startupError)
  })

  it('fails a genuine delivery\'s invocation, which API Gateway answers with 500, never 401, when QITECH_PUBLIC_KEY is not set', async () => {
    expect(process.env.QITECH_PUBLIC_KEY).toBeUndefined()
    const [valid] = await deliveries()
    await expect(lambdaHandler(eventFor(valid.headers, valid.body, false))).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
  })

  it('fails the invocation when its storage fails, which API Gateway answers with 500', async () => {
    const [valid] = await deliveries()
    await expect((await createHandler([keys.publicKey], failingStore))(eventFor(valid.headers, valid.body, false))).rejects.toThrow(
      'the database is down',
    )
  })

  it('rejects a base64 body that was not decoded back to bytes', async () => {
    const handler = await createHandler([keys.publicKey], memoryStore().store)
    const [valid] = await deliveries()
    const event = { ...eventFor(valid.headers, valid.body, true), isBase64Encoded: false }
    const result = await handler(event)
    expect(result).toMatchObject({ statusCode: 401, body: JSON.stringify({ error: 'BODY_HASH_MISMATCH' }) })
  })
})
