// A Fastify app that receives QI Tech installment webhooks. The route lives in its own plugin whose only
// content-type parser keeps the body as a Buffer, so the rest of the app still parses JSON as usual.
import Fastify, { type FastifyInstance } from 'fastify'
import {
  createInstallmentWebhookReceiver,
  isInstallmentWebhookSignatureError,
  signInstallmentWebhookAcknowledgement,
} from 'qitech-installment-webhooks/signature'
import type { ReceiverConfig } from './store'

/**
 * Checks the keys and options once, before the app exists: a bad one rejects here with a message naming the
 * option, instead of failing every delivery later.
 */
export const buildApp = async (config: ReceiverConfig): Promise<FastifyInstance> => {
  const { publicKeys, store, apiClientKey, legacy = false, acknowledgementKey } = config
  const receiver = await createInstallmentWebhookReceiver({ publicKeys, apiClientKey, legacy })
  const app = Fastify()
  void app.register(async (webhooks) => {
    webhooks.removeAllContentTypeParsers()
    webhooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

    // A bank-slip update of 10,000 charges is about 5 MB; Fastify's default bodyLimit, 1 MiB, holds about 2,000.
    webhooks.post('/webhooks/qitech', { bodyLimit: 10 * 1024 * 1024 }, async (request, reply) => {
      // Fastify leaves the body undefined when a POST has neither a body nor a content type: no QI Tech delivery,
      // and not this app's fault, so a 400 rather than the RAW_BODY_REQUIRED 500.
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) return reply.code(400).send({ error: 'NO_BODY' })
      const body = request.body
      // request.url is the path with any query, as QI Tech called it.
      const result = await receiver.receive({ headers: request.headers, body, method: request.method, path: request.url })
      if (result._tag === 'Left') {
        const error = result.left
        if (!isInstallmentWebhookSignatureError(error)) {
          // Authentic, but this version cannot type it: keep it and acknowledge it, or QI Tech retries and drops it.
          await store.deadLetter(body, error)
          return reply.code(202).send({ stored: 'dead_letter', error: error.code })
        }
        const isOurBug = error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS'
        return reply.code(isOurBug ? 500 : 401).send({ error: error.code })
      }
      // Stored once per delivery; a storage failure throws, and Fastify answers 500, so QI Tech retries.
      await store.save(result.right.webhook, body)
      if (result.right.scheme === 'v1' && acknowledgementKey !== undefined) {
        const ack = await signInstallmentWebhookAcknowledgement({
          privateKey: acknowledgementKey,
          apiClientKey: result.right.apiClientKey,
          path: request.url,
        })
        if (ack._tag === 'Left') return reply.code(500).send({ error: ack.left.code })
        return reply.code(ack.right.status).headers(ack.right.headers).send(ack.right.body)
      }
      return reply.code(200).send({ status: result.right.webhook.data.status })
    })
  })
  return app
}

// Start it with QI Tech's public key, e.g.:
//   const app = await buildApp({ publicKeys: [process.env.QITECH_PUBLIC_KEY ?? ''], store: yourDatabaseStore })
//   await app.listen({ port: 3000 })
