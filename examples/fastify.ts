// A Fastify app that receives QI Tech installment webhooks. The route lives in its own plugin whose only
// content-type parser keeps the body as a Buffer, so the rest of the app still parses JSON as usual.
import Fastify, { type FastifyInstance } from 'fastify'
import {
  isInstallmentWebhookSignatureError,
  receiveInstallmentWebhook,
  signInstallmentWebhookAcknowledgement,
} from 'qitech-installment-webhooks/signature'

export interface ReceiverConfig {
  /** QI Tech's public key (PEM), or several during a key rotation. */
  readonly publicKeys: string[]
  /** Your integration's API-CLIENT-KEY: deliveries for any other integration are refused. */
  readonly apiClientKey?: string
  /** Accept QI Tech's legacy (v1) deliveries too. */
  readonly legacy?: boolean
  /**
   * Your integration's own P-521 private key (PEM), registered with QI Tech: legacy deliveries are then answered
   * with a signed acknowledgement. Set it only if QI Tech asks for one (confirm with QI Tech).
   */
  readonly acknowledgementKey?: string
}

export const buildApp = ({ publicKeys, apiClientKey, legacy = false, acknowledgementKey }: ReceiverConfig): FastifyInstance => {
  const app = Fastify()
  void app.register(async (webhooks) => {
    webhooks.removeAllContentTypeParsers()
    webhooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

    webhooks.post('/webhooks/qitech', async (request, reply) => {
      const result = await receiveInstallmentWebhook(
        // request.url is the path with any query, as QI Tech called it.
        { headers: request.headers, body: request.body as Buffer, method: request.method, path: request.url },
        { publicKeys, apiClientKey, legacy },
      )
      if (result._tag === 'Left') {
        const error = result.left
        if (!isInstallmentWebhookSignatureError(error)) return reply.code(400).send({ error: error.code })
        const isOurBug = error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS'
        return reply.code(isOurBug ? 500 : 401).send({ error: error.code })
      }
      // Store result.right.webhook idempotently here, then answer.
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
//   await buildApp({ publicKeys: [process.env.QITECH_PUBLIC_KEY ?? ''] }).listen({ port: 3000 })
