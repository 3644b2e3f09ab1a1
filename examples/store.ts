// What the example receivers do with a delivery, as an interface: each example shows the answers, and a real app
// plugs in its database (examples/fastify-postgres.ts is a complete receiver on PostgreSQL). `memoryStore` keeps
// everything in memory, for trying the examples and for their tests.
import type { InstallmentWebhook, InstallmentWebhookError } from 'qitech-installment-webhooks'
import { installmentDeliveryKey } from 'qitech-installment-webhooks/delivery'

/** Where a receiver keeps what QI Tech sends. Each method throws when storage fails; the receiver then answers 500. */
export interface DeliveryStore {
  /** Stores a decoded delivery once: a retry of one already stored changes nothing (QI Tech delivers twice). */
  save(webhook: InstallmentWebhook, body: Uint8Array | string): Promise<void>
  /** Keeps an authentic body this version could not decode, with why, to replay after an upgrade. */
  deadLetter(body: Uint8Array | string, error: InstallmentWebhookError): Promise<void>
}

/** How the Express and Fastify examples are set up. */
export interface ReceiverConfig {
  /** QI Tech's public key (PEM), or several during a key rotation. */
  readonly publicKeys: string[]
  /** Where deliveries and dead letters go. */
  readonly store: DeliveryStore
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
