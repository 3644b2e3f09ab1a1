// A Cloudflare Worker receiving QI Tech installment webhooks on Web Crypto (no `nodejs_compat` needed). Set the key
// with `wrangler secret put QITECH_PUBLIC_KEY`. A Worker gets its bindings with each request, so the receiver is
// made on an isolate's first request and reused by the next ones; a wrong key rejects there, and the Worker
// answers 500 (QI Tech retries meanwhile) with the message naming the setting in its logs.
import { type ReceiverEnv, createFetchHandler, receiverFromEnv } from './fetch-handler.ts'
import { memoryStore } from './store.ts'

// An isolate's memory is not storage: write deliveries to D1, or to PostgreSQL through Hyperdrive, instead.
const { store } = memoryStore()
let handler: Promise<(request: Request) => Promise<Response>> | undefined

export default {
  async fetch(request: Request, env: ReceiverEnv): Promise<Response> {
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/webhooks/qitech') return new Response(null, { status: 404 })
    handler ??= receiverFromEnv(env).then((receiver) => createFetchHandler(receiver, store))
    return (await handler)(request)
  },
}
