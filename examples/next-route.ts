// A Next.js App Router route handler (app/webhooks/qitech/route.ts) receiving QI Tech installment webhooks. Route
// handlers get a Web Request, whose body has not been read: take it as bytes. `request.text()` would decode it
// and drop a byte order mark, changing the bytes the signature covers.
//
// Body size: a bank-slip update of 10,000 charges is about 5 MB. Next.js puts no limit on a route handler's body,
// but with middleware (proxy) it buffers only the first 10 MB (`middlewareClientMaxBodySize`), and a Vercel
// Function accepts at most 4.5 MB: host this route where 10 MB bodies get through.
import { createInstallmentWebhookReceiver, isInstallmentWebhookSignatureError } from 'qitech-installment-webhooks/signature'
import { type DeliveryStore, memoryStore } from './store'

/**
 * Checks the keys once, before any request: a bad one rejects here with a message naming the option, instead of
 * failing every delivery later.
 */
export const createRouteHandler = async (publicKeys: string[], store: DeliveryStore) => {
  const receiver = await createInstallmentWebhookReceiver({ publicKeys })
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const body = new Uint8Array(await request.arrayBuffer())
    if (body.length === 0) return Response.json({ error: 'NO_BODY' }, { status: 400 }) // no QI Tech delivery
    const result = await receiver.receive({ headers: request.headers, body, method: request.method, path: url.pathname + url.search })
    if (result._tag === 'Left') {
      const error = result.left
      if (!isInstallmentWebhookSignatureError(error)) {
        // Authentic, but this version cannot type it: keep it and acknowledge it, or QI Tech retries and drops it.
        await store.deadLetter(body, error)
        return Response.json({ stored: 'dead_letter', error: error.code }, { status: 202 })
      }
      const isOurBug = error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS'
      return Response.json({ error: error.code }, { status: isOurBug ? 500 : 401 })
    }
    // Stored once per delivery; a storage failure throws, and Next.js answers 500, so QI Tech retries.
    await store.save(result.right.webhook, body)
    return Response.json({ status: result.right.webhook.data.status }, { status: 200 })
  }
}

// In route.ts, Next.js calls the exported POST for each delivery; pass your database's store instead. The handler
// is built once, when Next.js loads the module. With a bad or missing key, every request rejects with the error
// that names the option, which Next.js logs and answers with 500, never 401, so QI Tech retries until it is fixed.
const handler = createRouteHandler([process.env.QITECH_PUBLIC_KEY ?? ''], memoryStore().store)
handler.catch(() => {}) // reported by each request, not as an unhandled rejection at load
export const POST = async (request: Request): Promise<Response> => (await handler)(request)
