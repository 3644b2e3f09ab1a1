// A Hono app receiving QI Tech installment webhooks; Hono runs on Node.js, Bun, Deno, Cloudflare Workers and Vercel
// Edge alike. `c.req.raw` is the Web Request, its body still unread. Serve the app with the receiver made once:
//   Bun:                 export default createApp(await receiverFromEnv(Bun.env), store)
//   Deno:                Deno.serve(createApp(await receiverFromEnv(Deno.env.toObject()), store).fetch)
//   Vercel Edge:         export const POST = handle(createApp(await receiverFromEnv(process.env), store)) (hono/vercel)
//   Cloudflare Workers:  make it on an isolate's first request, as cloudflare-worker.ts does: bindings come with it
import { Hono } from 'hono'
import type { InstallmentWebhookReceiver } from 'qitech-installment-webhooks/signature'
import { createFetchHandler } from './fetch-handler.ts'
import type { DeliveryStore } from './store.ts'

export const createApp = (receiver: InstallmentWebhookReceiver, store: DeliveryStore): Hono => {
  const handle = createFetchHandler(receiver, store)
  return new Hono().post('/webhooks/qitech', (c) => handle(c.req.raw))
}
