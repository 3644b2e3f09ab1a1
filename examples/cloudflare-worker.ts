// A Cloudflare Worker receiving QI Tech installment webhooks on Web Crypto (no `nodejs_compat` needed). Set the key
// with `wrangler secret put QITECH_PUBLIC_KEY`. A Worker gets its bindings with each request, so the receiver is
// made on an isolate's first request and reused by the next ones. A wrong key is logged with the setting named,
// and every delivery is answered 500 (QI Tech retries meanwhile) until the key is fixed.
import { isInstallmentWebhookSignatureError } from 'qitech-installment-webhooks/signature'
import { type ReceiverEnv, createFetchHandler, receiverFromEnv } from './fetch-handler.ts'
import { memoryStore } from './store.ts'

// An isolate's memory is not storage: write deliveries to D1, or to PostgreSQL through Hyperdrive, instead.
const { store } = memoryStore()
let handler: Promise<(request: Request) => Promise<Response>> | undefined

export default {
  async fetch(request: Request, env: ReceiverEnv): Promise<Response> {
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/webhooks/qitech') return new Response(null, { status: 404 })
    handler ??= receiverFromEnv(env).then((receiver) => createFetchHandler(receiver, store))
    try {
      return await (await handler)(request)
    } catch (error) {
      // The receiver's INVALID_OPTIONS, or a storage failure: logged, and answered 500 so that QI Tech retries.
      console.error(error instanceof Error ? error.message : error)
      return Response.json({ error: isInstallmentWebhookSignatureError(error) ? error.code : 'INTERNAL_ERROR' }, { status: 500 })
    }
  },
}
