// A Deno server receiving QI Tech installment webhooks:
//   QITECH_PUBLIC_KEY="$(cat qitech.pem)" deno run --allow-net --allow-env deno.ts
// The receiver is made once, before the server listens: a wrong key stops the start with the setting named.
import { createFetchHandler, receiverFromEnv } from './fetch-handler.ts'
import { memoryStore } from './store.ts'

const { store } = memoryStore() // replace with your database's DeliveryStore

export const serving = receiverFromEnv(Deno.env.toObject()).then((receiver) => {
  const handle = createFetchHandler(receiver, store)
  return Deno.serve(
    {
      hostname: Deno.env.get('HOST') ?? '127.0.0.1',
      port: Number(Deno.env.get('PORT') ?? 8000),
      onListen: ({ hostname, port }) => console.log(`listening on http://${hostname}:${port}`),
    },
    (request) =>
      request.method === 'POST' && new URL(request.url).pathname === '/webhooks/qitech' ? handle(request) : new Response(null, { status: 404 }),
  )
})
