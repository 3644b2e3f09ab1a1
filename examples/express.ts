// An Express app that receives QI Tech installment webhooks. `express.raw` hands the route the body as a Buffer,
// exactly as QI Tech sent it: the signature covers those bytes, so no JSON parser may run on this route first.
import express, { type Express } from 'express'
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
export const createApp = async (config: ReceiverConfig): Promise<Express> => {
  const { publicKeys, store, apiClientKey, legacy = false, acknowledgementKey } = config
  const receiver = await createInstallmentWebhookReceiver({ publicKeys, apiClientKey, legacy })
  const app = express()
  // A bank-slip update of 10,000 charges is about 5 MB; Express's default limit, 100 kB, refuses a few hundred.
  app.post('/webhooks/qitech', express.raw({ type: () => true, limit: '10mb' }), async (req, res) => {
    // Express leaves the body undefined when a POST has none: no QI Tech delivery, and not this app's fault.
    if (req.body === undefined || req.body.length === 0) {
      res.status(400).json({ error: 'NO_BODY' })
      return
    }
    const result = await receiver.receive(
      // originalUrl keeps the path (and any query) as QI Tech called it, even under a mounted router.
      { headers: req.headers, body: req.body, method: req.method, path: req.originalUrl },
    )
    if (result._tag === 'Left') {
      const error = result.left
      if (!isInstallmentWebhookSignatureError(error)) {
        // Authentic, but this version cannot type it (a status or webhook type QI Tech added, or a broken body):
        // keep the raw body and acknowledge it, or QI Tech retries the same bytes and then drops them.
        await store.deadLetter(req.body, error)
        res.status(202).json({ stored: 'dead_letter', error: error.code })
      } else if (error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS') {
        // A bug in this app (a JSON parser ran before express.raw?), not in the request: QI Tech retries meanwhile.
        res.status(500).json({ error: error.code })
      } else {
        res.status(401).json({ error: error.code })
      }
      return
    }
    const { webhook } = result.right
    // Stored once per delivery (QI Tech may deliver it twice); a storage failure throws, and Express answers 500,
    // so QI Tech retries. Answer within 10 seconds: do slow work later.
    await store.save(webhook, req.body)
    if (result.right.scheme === 'v1' && acknowledgementKey !== undefined) {
      const ack = await signInstallmentWebhookAcknowledgement({
        privateKey: acknowledgementKey,
        apiClientKey: result.right.apiClientKey,
        path: req.originalUrl,
      })
      if (ack._tag === 'Left') {
        res.status(500).json({ error: ack.left.code })
        return
      }
      res.status(ack.right.status).set(ack.right.headers).send(ack.right.body)
      return
    }
    res.status(200).json({ status: webhook.data.status })
  })
  return app
}

// Start it with QI Tech's public key, e.g.:
//   const app = await createApp({ publicKeys: [process.env.QITECH_PUBLIC_KEY ?? ''], store: yourDatabaseStore })
//   app.listen(3000)
