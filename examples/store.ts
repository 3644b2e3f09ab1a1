// What the example receivers do with a delivery, as an interface: each example shows the answers, and a real app
// plugs in its database (examples/fastify-postgres.ts is a complete receiver on PostgreSQL). `memoryStore` keeps
// everything in memory, for trying the examples and for their tests.
import {
  type InstallmentWebhook,
  type InstallmentWebhookError,
  installmentDeliveryKey,
} from 'qitech-installment-webhooks'

/** Where a receiver keeps what QI Tech sends. Each method throws when storage fails; the receiver then answers 500. */
export interface DeliveryStore {
  /** Stores a decoded delivery once: a retry of one already stored changes nothing (QI Tech delivers twice). */
  save(webhook: InstallmentWebhook, body: Uint8Array | string): Promise<void>
  /** Keeps an authentic body this version could not decode, with why, to replay after an upgrade. */
  deadLetter(body: Uint8Array | string, error: InstallmentWebhookError): Promise<void>
}

/** A store in memory: deliveries by delivery key, and dead letters in arrival order. */
export const memoryStore = () => {
  const deliveries = new Map<string, InstallmentWebhook>()
  const deadLetters: Array<{ body: Uint8Array | string; code: string; unsupported: boolean }> = []
  const store: DeliveryStore = {
    save: async (webhook) => {
      const key = installmentDeliveryKey(webhook)
      if (!deliveries.has(key)) deliveries.set(key, webhook)
    },
    deadLetter: async (body, error) => {
      deadLetters.push({ body, code: error.code, unsupported: error.unsupported })
    },
  }
  return { store, deliveries, deadLetters }
}
