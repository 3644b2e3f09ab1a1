// A Fastify app that receives QI Tech installment webhooks. The route lives in its own plugin whose only
// content-type parser keeps the body as a Buffer, so the rest of the app still parses JSON as usual.
import Fastify, { type FastifyInstance } from 'fastify'
import { isInstallmentWebhookSignatureError, receiveInstallmentWebhook } from 'qitech-installment-webhooks/signature'

export const buildApp = (publicKeys: string[]): FastifyInstance => {
  const app = Fastify()
  void app.register(async (webhooks) => {
    webhooks.removeAllContentTypeParsers()
    webhooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

    webhooks.post('/webhooks/qitech', async (request, reply) => {
      const result = await receiveInstallmentWebhook(
        // request.url is the path with any query, as QI Tech called it.
        { headers: request.headers, body: request.body as Buffer, method: request.method, path: request.url },
        { publicKeys },
      )
      if (result._tag === 'Left') {
        const error = result.left
        if (!isInstallmentWebhookSignatureError(error)) return reply.code(400).send({ error: error.code })
        const isOurBug = error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS'
        return reply.code(isOurBug ? 500 : 401).send({ error: error.code })
      }
      // Store result.right.webhook idempotently here, then answer.
      return reply.code(200).send({ status: result.right.webhook.data.status })
    })
  })
  return app
}

// Start it with QI Tech's public key, e.g.:
//   await buildApp([process.env.QITECH_PUBLIC_KEY ?? '']).listen({ port: 3000 })
