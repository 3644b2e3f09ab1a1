// A Next.js App Router route handler (app/webhooks/qitech/route.ts) receiving QI Tech installment webhooks. Route
// handlers get a Web Request, whose body has not been read: take it as bytes. `request.text()` would decode it
// and drop a byte order mark, changing the bytes the signature covers.
//
// Body size: a bank-slip update of 10,000 charges is about 5 MB. Next.js puts no limit on a route handler's body
// (the shared handler stops reading past 10 MiB), but with middleware (proxy) it buffers only the first 10 MB
// (`middlewareClientMaxBodySize`), and a Vercel Function accepts at most 4.5 MB: host this route where 10 MB bodies
// get through.
import { createInstallmentWebhookReceiver } from 'qitech-installment-webhooks/signature'
import { createFetchHandler } from './fetch-handler'
import { type DeliveryStore, memoryStore } from './store'

/**
 * Checks the keys once, before any request: a bad one rejects here with a message naming the option, instead of
 * failing every delivery later. The handler is the Web-standard one the runtime recipes share: Next.js hands it a
 * Web `Request` and sends the `Response` it returns; a storage failure throws, Next.js answers 500 and QI Tech retries.
 */
export const createRouteHandler = async (publicKeys: string[], store: DeliveryStore) =>
  createFetchHandler(await createInstallmentWebhookReceiver({ publicKeys }), store)

// In route.ts, Next.js calls the exported POST for each delivery; pass your database's store instead. The handler
// is built once, when Next.js loads the module. With a bad or missing key, every request rejects with the error
// that names the option, which Next.js logs and answers with 500, never 401, so QI Tech retries until it is fixed.
const handler = createRouteHandler([process.env.QITECH_PUBLIC_KEY ?? ''], memoryStore().store)
handler.catch(() => {}) // reported by each request, not as an unhandled rejection at load
export const POST = async (request: Request): Promise<Response> => (await handler)(request)
