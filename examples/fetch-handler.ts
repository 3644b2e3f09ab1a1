// The webhook endpoint of the Web-standard recipes (cloudflare-worker.ts, deno.ts, bun.ts, hono.ts, next-route.ts):
// a Web Request in, a Response out, answered as the main README's "Handling deliveries" says. The body is read as
// bytes: `request.text()` would decode it and drop a byte order mark, changing the bytes the signature covers.
import {
  type InstallmentWebhookReceiver,
  createInstallmentWebhookReceiver,
  isInstallmentWebhookSignatureError,
} from 'qitech-installment-webhooks/signature'
import type { DeliveryStore } from './store.ts'

/** The receiver's settings, as environment variables or Worker bindings. */
export interface ReceiverEnv {
  /** QI Tech's public key (PEM); line breaks written as the two characters `\n` are read as line breaks. */
  readonly QITECH_PUBLIC_KEY?: string
  /** Your integration's API-CLIENT-KEY: deliveries for any other integration are refused. */
  readonly QITECH_API_CLIENT_KEY?: string
  /** `true` to accept QI Tech's legacy (v1) deliveries too. */
  readonly QITECH_LEGACY?: string
}

/** Makes the receiver once, at start-up; it rejects with INVALID_OPTIONS naming the setting that is wrong. */
export const receiverFromEnv = (env: ReceiverEnv): Promise<InstallmentWebhookReceiver> =>
  createInstallmentWebhookReceiver({
    publicKeys: env.QITECH_PUBLIC_KEY ?? '',
    apiClientKey: env.QITECH_API_CLIENT_KEY || undefined,
    legacy: env.QITECH_LEGACY === 'true',
  })

/** Twice QI Tech's largest delivery: a bank-slip update of 10,000 charges is about 5 MB. */
const MAX_BODY_BYTES = 10 * 1024 * 1024

/** The body's bytes, or `undefined` past `limit`: read chunk by chunk, so an endless body is cut off there. */
const readBody = async (request: Request, limit: number): Promise<Uint8Array | undefined> => {
  if (request.body === null) return new Uint8Array()
  if (Number(request.headers.get('content-length')) > limit) return undefined
  const reader = request.body.getReader()
  const chunks: Uint8Array<ArrayBuffer>[] = []
  let size = 0
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.length
    if (size > limit) {
      await reader.cancel()
      return undefined
    }
    chunks.push(read.value)
  }
  return new Uint8Array(await new Blob(chunks).arrayBuffer())
}

/** The handler of POST requests to the webhook path. A storage failure throws: every runtime then answers 500. */
export const createFetchHandler =
  (receiver: InstallmentWebhookReceiver, store: DeliveryStore) =>
  async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const body = await readBody(request, MAX_BODY_BYTES)
    if (body === undefined) return Response.json({ error: 'BODY_TOO_LARGE' }, { status: 413 })
    // Checked before verifying: RAW_BODY_REQUIRED would answer a stranger's empty POST with 500.
    if (body.length === 0) return Response.json({ error: 'NO_BODY' }, { status: 400 })
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
    await store.save(result.right.webhook, body)
    return Response.json({ status: result.right.webhook.data.status }, { status: 200 })
  }
