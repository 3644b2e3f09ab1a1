// A Next.js App Router route handler (app/webhooks/qitech/route.ts) receiving QI Tech installment webhooks. Route
// handlers get a Web Request, whose body has not been read: take it as bytes. `request.text()` would decode it
// and drop a byte order mark, changing the bytes the signature covers.
import { isInstallmentWebhookSignatureError, receiveInstallmentWebhook } from 'qitech-installment-webhooks/signature'

export const createRouteHandler =
  (publicKeys: string[]) =>
  async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const result = await receiveInstallmentWebhook(
      {
        headers: request.headers,
        body: new Uint8Array(await request.arrayBuffer()),
        method: request.method,
        path: url.pathname + url.search,
      },
      { publicKeys },
    )
    if (result._tag === 'Left') {
      const error = result.left
      if (!isInstallmentWebhookSignatureError(error)) return Response.json({ error: error.code }, { status: 400 })
      const isOurBug = error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS'
      return Response.json({ error: error.code }, { status: isOurBug ? 500 : 401 })
    }
    // Store result.right.webhook idempotently here, then answer.
    return Response.json({ status: result.right.webhook.data.status }, { status: 200 })
  }

// In route.ts, Next.js calls the exported POST for each delivery.
export const POST = createRouteHandler([process.env.QITECH_PUBLIC_KEY ?? ''])
