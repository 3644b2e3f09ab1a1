// A Next.js App Router route handler (app/webhooks/qitech/route.ts) receiving QI Tech installment webhooks. Route
// handlers get a Web Request, whose body has not been read: take it as bytes. `request.text()` would decode it
// and drop a byte order mark, changing the bytes the signature covers.
import { isInstallmentWebhookSignatureError, receiveInstallmentWebhook } from 'qitech-installment-webhooks/signature'
import { type DeliveryStore, memoryStore } from './store'

export const createRouteHandler =
  (publicKeys: string[], store: DeliveryStore) =>
  async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const body = new Uint8Array(await request.arrayBuffer())
    const result = await receiveInstallmentWebhook(
      { headers: request.headers, body, method: request.method, path: url.pathname + url.search },
      { publicKeys },
    )
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

// In route.ts, Next.js calls the exported POST for each delivery; pass your database's store instead.
export const POST = createRouteHandler([process.env.QITECH_PUBLIC_KEY ?? ''], memoryStore().store)
