// A plain node:http server that receives QI Tech installment webhooks: it collects the body bytes itself.
import { type IncomingMessage, type Server, createServer } from 'node:http'
import {
  type InstallmentWebhookReceiver,
  createInstallmentWebhookReceiver,
  isInstallmentWebhookSignatureError,
} from 'qitech-installment-webhooks/signature'
import type { DeliveryStore } from './store'

// A bank-slip update of 10,000 charges is about 5 MB: this holds twice that, and bounds what a stranger can send.
const MAX_BODY_BYTES = 10 * 1024 * 1024

const readBody = async (request: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

const handle = async (request: IncomingMessage, receiver: InstallmentWebhookReceiver, store: DeliveryStore): Promise<[number, object]> => {
  const path = request.url ?? ''
  if (request.method !== 'POST' || !path.startsWith('/webhooks/qitech')) return [404, { error: 'NOT_FOUND' }]
  const body = await readBody(request)
  if (body === undefined) return [413, { error: 'BODY_TOO_LARGE' }]
  if (body.length === 0) return [400, { error: 'NO_BODY' }] // no QI Tech delivery

  const result = await receiver.receive({ headers: request.headers, body, method: request.method, path })
  if (result._tag === 'Left') {
    const error = result.left
    if (!isInstallmentWebhookSignatureError(error)) {
      // Authentic, but this version cannot type it: keep it and acknowledge it, or QI Tech retries and drops it.
      await store.deadLetter(body, error)
      return [202, { stored: 'dead_letter', error: error.code }]
    }
    const isOurBug = error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS'
    return [isOurBug ? 500 : 401, { error: error.code }]
  }
  await store.save(result.right.webhook, body) // stored once per delivery
  return [200, { status: result.right.webhook.data.status }]
}

/**
 * Checks the keys once, before the server exists: a bad one rejects here with a message naming the option,
 * instead of failing every delivery later.
 */
export const createWebhookServer = async (publicKeys: string[], store: DeliveryStore): Promise<Server> => {
  const receiver = await createInstallmentWebhookReceiver({ publicKeys })
  return createServer((request, response) => {
    const send = ([status, body]: [number, object]): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }
    // A storage failure answers 500, so QI Tech retries.
    handle(request, receiver, store).then(send, () => send([500, { error: 'STORAGE_FAILED' }]))
  })
}

// Start it with QI Tech's public key, e.g.:
//   (await createWebhookServer([process.env.QITECH_PUBLIC_KEY ?? ''], yourDatabaseStore)).listen(3000)
