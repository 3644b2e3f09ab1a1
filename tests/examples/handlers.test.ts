import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { createHandler } from '../../examples/lambda'
import { createRouteHandler } from '../../examples/next-route'
import { signTestWebhook } from '../../src/testing'
import { memoryStore } from '../../examples/store'
import { PATH, deliveries, expectStoredDeliveries, expectedAnswers, failingStore, keys } from './deliveries'

// The serverless examples are functions of a request: they get real Web Requests and API Gateway events.

describe('the Next.js route handler example', () => {
  const memory = memoryStore()
  const POST = createRouteHandler([keys.publicKey], memory.store)

  it('answers 200 and stores a delivery, 202 and keeps a dead letter for one it cannot type, 401 for a forged one', async () => {
    const list = await deliveries()
    const answers = []
    for (const { name, headers, body } of list) {
      const response = await POST(new Request(`https://lender.example${PATH}`, { method: 'POST', headers, body }))
      answers.push({ name, status: response.status, answer: await response.json() })
    }
    expect(answers).toEqual(expectedAnswers(list))
    expectStoredDeliveries(memory)
  })

  it('throws when its storage fails, which Next.js answers with 500', async () => {
    const [valid] = await deliveries()
    const failing = createRouteHandler([keys.publicKey], failingStore)
    const request = new Request(`https://lender.example${PATH}`, { method: 'POST', headers: valid.headers, body: valid.body })
    await expect(failing(request)).rejects.toThrow('the database is down')
  })

  it('keeps a byte order mark the body was signed with, which request.text() would drop', async () => {
    const [valid] = await deliveries()
    const body = `\uFEFF${valid.body}`
    const headers = await signTestWebhook({ body, privateKey: keys.privateKey, path: PATH })
    const response = await POST(new Request(`https://lender.example${PATH}`, { method: 'POST', headers, body }))
    expect(response.status).toBe(200)
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
  const handler = createHandler([keys.publicKey], memoryStore().store)

  it.each([
    ['a base64-encoded body', true],
    ['a text body', false],
  ])('answers 200, 202 and 401 as the HTTP apps do, and stores alike, for %s', async (_, isBase64Encoded) => {
    const memory = memoryStore()
    const storing = createHandler([keys.publicKey], memory.store)
    const list = await deliveries()
    const answers = []
    for (const { name, headers, body } of list) {
      const result = await storing(eventFor(headers, body, isBase64Encoded))
      answers.push({ name, status: result.statusCode, answer: JSON.parse(result.body ?? '') as unknown })
    }
    expect(answers).toEqual(expectedAnswers(list))
    expectStoredDeliveries(memory)
  })

  it('fails the invocation when its storage fails, which API Gateway answers with 500', async () => {
    const [valid] = await deliveries()
    await expect(createHandler([keys.publicKey], failingStore)(eventFor(valid.headers, valid.body, false))).rejects.toThrow(
      'the database is down',
    )
  })

  it('rejects a base64 body that was not decoded back to bytes', async () => {
    const [valid] = await deliveries()
    const event = { ...eventFor(valid.headers, valid.body, true), isBase64Encoded: false }
    const result = await handler(event)
    expect(result).toMatchObject({ statusCode: 401, body: JSON.stringify({ error: 'BODY_HASH_MISMATCH' }) })
  })
})
