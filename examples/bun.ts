// A Bun server receiving QI Tech installment webhooks:
//   QITECH_PUBLIC_KEY="$(cat qitech.pem)" bun run bun.ts
// The receiver is made once, before the server listens: a wrong key stops the start with the setting named.
import { createFetchHandler, receiverFromEnv } from './fetch-handler.ts'
import { memoryStore } from './store.ts'

const { store } = memoryStore() // replace with your database's DeliveryStore

export const serving = receiverFromEnv(Bun.env).then((receiver) => {
  const server = Bun.serve({
    hostname: Bun.env.HOST ?? '127.0.0.1',
    port: Number(Bun.env.PORT ?? 3000),
    // Bun refuses larger bodies before the handler runs; one bank-slip update of 10,000 installments is about 5 MB.
    maxRequestBodySize: 10 * 1024 * 1024,
    routes: { '/webhooks/qitech': { POST: createFetchHandler(receiver, store) } },
    fetch: () => new Response(null, { status: 404 }),
  })
  console.log(`listening on ${server.url.origin}`)
  return server
})
