// An Express app that receives QI Tech installment webhooks. `express.raw` hands the route the body as a Buffer,
// exactly as QI Tech sent it: the signature covers those bytes, so no JSON parser may run on this route first.
import express, { type Express } from 'express'
import {
  isInstallmentWebhookSignatureError,
  receiveInstallmentWebhook,
  signInstallmentWebhookAcknowledgement,
} from 'qitech-installment-webhooks/signature'
import type { ReceiverConfig } from './store'

export const createApp = ({ publicKeys, store, apiClientKey, legacy = false, acknowledgementKey }: ReceiverConfig): Express => {
  const app = express()
  app.post('/webhooks/qitech', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const result = await receiveInstallmentWebhook(
      // originalUrl keeps the path (and any query) as QI Tech called it, even under a mounted router.
      { headers: req.headers, body: req.body, method: req.method, path: req.originalUrl },
      { publicKeys, apiClientKey, legacy },
    )
    if (result._tag === 'Left') {
      const error = result.left
      if (!isInstallmentWebhookSignatureError(error)) {
        // Authentic, but this version cannot type it (a status or webhook type QI Tech added, or a broken body):
        // keep the raw body and acknowledge it, or QI Tech retries the same bytes and then drops them.
        await store.deadLetter(req.body, error)
        res.status(202).json({ stored: 'dead_letter', error: error.code })
      } else if (error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS') {
        res.status(500).json({ error: error.code }) // a bug in this app, not in the request
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
//   createApp({ publicKeys: [process.env.QITECH_PUBLIC_KEY ?? ''], store: yourDatabaseStore }).listen(3000)
