// A complete receiver: Fastify, QI Tech's signature check, and PostgreSQL. Nothing is lost (an authentic delivery
// this version cannot type is kept as a dead letter), nothing is booked twice (each delivery is claimed once by its
// delivery key, each payment once by its own key), and a late delivery never overwrites a newer state (the
// installment row is locked and replaced only when the incoming delivery is newer).
//
// The SQL is plain PostgreSQL. The tests run it on PGlite (PostgreSQL compiled to WebAssembly, in-process); in
// production, pass `pgDatabase(new pg.Pool(...))`.
import Fastify, { type FastifyInstance } from 'fastify'
import {
  type InstallmentBankSlipUpdateWebhook,
  type InstallmentStatusChangeWebhook,
  type InstallmentWebhookError,
  isInstallmentBankSlipUpdate,
} from 'qitech-installment-webhooks'
import { amountToMinorUnits, compareInstallmentDeliveries, installmentDeliveryKey } from 'qitech-installment-webhooks/delivery'
import { isInstallmentWebhookSignatureError, receiveInstallmentWebhook } from 'qitech-installment-webhooks/signature'

/** What the receiver needs of a database connection; PGlite and its transactions have exactly this shape. */
export interface Sql {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>
}

/** A database that runs a function in one transaction, committing when it resolves and rolling back if it throws. */
export interface Database extends Sql {
  transaction<T>(run: (tx: Sql) => Promise<T>): Promise<T>
}

/** The part of a `pg.Pool` the receiver uses. */
interface PgPool extends Sql {
  connect(): Promise<Sql & { release(): void }>
}

/** A {@link Database} over a `pg.Pool`, for a PostgreSQL server. */
export const pgDatabase = (pool: PgPool): Database => ({
  query: (text, params) => pool.query(text, params),
  transaction: async (run) => {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const result = await run(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK')
      throw error
    } finally {
      client.release()
    }
  },
})

/** The tables, created if missing. Bodies are kept as the exact bytes received, for audit and replay. */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS qitech_deliveries (
  delivery_key  text PRIMARY KEY,
  debt_key      text NOT NULL,
  status        text NOT NULL,
  signed_at     text NOT NULL,
  body          bytea NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS qitech_installments (
  installment_key text PRIMARY KEY,
  debt_key        text NOT NULL,
  status          text,
  is_finished     boolean,
  state           jsonb,
  bank_slip       jsonb,
  bank_slip_conflict boolean NOT NULL DEFAULT false,
  delivery_key    text NOT NULL REFERENCES qitech_deliveries,
  changes         integer NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS qitech_payments (
  installment_payment_key text PRIMARY KEY,
  installment_key         text NOT NULL,
  amount_cents            bigint NOT NULL,
  paid_at                 text,
  delivery_key            text NOT NULL REFERENCES qitech_deliveries
);
CREATE TABLE IF NOT EXISTS qitech_dead_letters (
  id            bigserial PRIMARY KEY,
  code          text NOT NULL,
  unsupported   boolean NOT NULL,
  webhook_type  text,
  status        text,
  debt_key      text,
  body          bytea NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now()
);
`

/** Creates the tables if they do not exist. */
export const migrate = async (db: Sql): Promise<void> => {
  for (const statement of SCHEMA.split(';').filter((s) => s.trim() !== '')) await db.query(statement)
}

export interface PostgresReceiverConfig {
  readonly db: Database
  /** QI Tech's public key (PEM), or several during a key rotation. */
  readonly publicKeys: string[]
  /** Your integration's API-CLIENT-KEY, when you want deliveries for any other integration refused. */
  readonly apiClientKey?: string
}

type Answer = { readonly code: number; readonly body: Record<string, unknown> }

/** Keeps an authentic body this version could not decode, so it can be replayed after an upgrade. */
const storeDeadLetter = async (db: Sql, body: Buffer, error: InstallmentWebhookError): Promise<Answer> => {
  const { key, webhook_type, status } = error.envelope
  await db.query(
    'INSERT INTO qitech_dead_letters (code, unsupported, webhook_type, status, debt_key, body) VALUES ($1, $2, $3, $4, $5, $6)',
    [error.code, error.unsupported, webhook_type ?? null, status ?? null, key ?? null, body],
  )
  return { code: 202, body: { stored: 'dead_letter', error: error.code } }
}

/** Books the payments a status change carries; a payment already booked from another delivery is skipped. */
const bookPayments = async (tx: Sql, webhook: InstallmentStatusChangeWebhook, deliveryKey: string): Promise<void> => {
  const { installment } = webhook.data
  for (const payment of installment.installment_payment ?? []) {
    if (payment.installment_payment_key == null || payment.paid_amount == null) continue
    const cents = amountToMinorUnits(payment.paid_amount, { rounding: 'half-even' })
    if (cents._tag === 'Left') throw new Error(`payment ${payment.installment_payment_key}: ${cents.left.message}`)
    await tx.query(
      `INSERT INTO qitech_payments (installment_payment_key, installment_key, amount_cents, paid_at, delivery_key)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (installment_payment_key) DO NOTHING`,
      [payment.installment_payment_key, installment.installment_key, cents.right, payment.paid_at ?? null, deliveryKey],
    )
  }
}

/** Replaces the installment's state when the delivery is newer than the stored one, under a row lock. */
const applyStatusChange = async (tx: Sql, webhook: InstallmentStatusChangeWebhook, deliveryKey: string): Promise<string> => {
  const { installment, status, is_finished } = webhook.data
  const inserted = await tx.query(
    `INSERT INTO qitech_installments (installment_key, debt_key, status, is_finished, state, delivery_key)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (installment_key) DO NOTHING RETURNING installment_key`,
    [installment.installment_key, webhook.key, status, is_finished, webhook, deliveryKey],
  )
  if (inserted.rows.length === 1) return 'stored'
  const [row] = (
    await tx.query<{ state: InstallmentStatusChangeWebhook | null }>(
      'SELECT state FROM qitech_installments WHERE installment_key = $1 FOR UPDATE',
      [installment.installment_key],
    )
  ).rows
  const order = row.state === null ? { order: 'newer' as const } : compareInstallmentDeliveries(row.state, webhook)
  if (order.order !== 'newer') return order.order === 'unordered' ? `kept: ${order.reason}` : `kept: ${order.order}`
  await tx.query(
    `UPDATE qitech_installments SET status = $2, is_finished = $3, state = $4, delivery_key = $5, changes = changes + 1
     WHERE installment_key = $1`,
    [installment.installment_key, status, is_finished, webhook, deliveryKey],
  )
  return 'updated'
}

/**
 * Records each charge of a bank-slip update. A new charge replaces the stored one only when it is provably newer;
 * QI Tech's charges carry no timestamp, so two different charges for one installment are marked for review rather
 * than guessed between.
 */
const applyBankSlipUpdate = async (tx: Sql, webhook: InstallmentBankSlipUpdateWebhook, deliveryKey: string): Promise<string> => {
  for (const charge of webhook.data.installments) {
    const inserted = await tx.query(
      `INSERT INTO qitech_installments (installment_key, debt_key, bank_slip, delivery_key)
       VALUES ($1, $2, $3, $4) ON CONFLICT (installment_key) DO NOTHING RETURNING installment_key`,
      [charge.installment_key, webhook.key, charge, deliveryKey],
    )
    if (inserted.rows.length === 1) continue
    const [row] = (
      await tx.query<{ bank_slip: InstallmentBankSlipUpdateWebhook['data']['installments'][number] | null }>(
        'SELECT bank_slip FROM qitech_installments WHERE installment_key = $1 FOR UPDATE',
        [charge.installment_key],
      )
    ).rows
    const order = row.bank_slip === null ? { order: 'newer' as const } : compareInstallmentDeliveries(row.bank_slip, charge)
    if (order.order === 'newer') {
      await tx.query(
        'UPDATE qitech_installments SET bank_slip = $2, bank_slip_conflict = false, changes = changes + 1 WHERE installment_key = $1',
        [charge.installment_key, charge],
      )
    } else if (order.order === 'unordered') {
      await tx.query('UPDATE qitech_installments SET bank_slip_conflict = true WHERE installment_key = $1', [charge.installment_key])
    }
  }
  return 'recorded'
}

/**
 * The receiver: POST /webhooks/qitech. Answers 200 for a delivery stored now or before, 202 for an authentic
 * delivery kept as a dead letter, 400 for a request without a body, 401 for one that is not an authentic, fresh QI
 * Tech delivery, and 500 only when its own code or database failed, so that QI Tech retries.
 */
export const buildPostgresReceiver = ({ db, publicKeys, apiClientKey }: PostgresReceiverConfig): FastifyInstance => {
  const app = Fastify()
  void app.register(async (webhooks) => {
    webhooks.removeAllContentTypeParsers()
    webhooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

    webhooks.post('/webhooks/qitech', async (request, reply) => {
      // Fastify leaves the body undefined when a request has neither a body nor a content type.
      if (!Buffer.isBuffer(request.body)) {
        return reply.code(400).send({ error: 'NO_BODY', message: 'QI Tech deliveries carry a JSON body' })
      }
      const body = request.body
      const result = await receiveInstallmentWebhook(
        { headers: request.headers, body, method: request.method, path: request.url },
        { publicKeys, apiClientKey },
      )
      let answer: Answer
      if (result._tag === 'Left') {
        const error = result.left
        if (isInstallmentWebhookSignatureError(error)) {
          const isOurBug = error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS'
          return reply.code(isOurBug ? 500 : 401).send({ error: error.code })
        }
        // Authentic, but this version cannot type it: keep it, and acknowledge it so QI Tech stops retrying.
        answer = await storeDeadLetter(db, body, error)
      } else {
        const { webhook } = result.right
        const signedAt = result.right.scheme === 'v2' ? result.right.claims.timestamp : result.right.signedRequest.date
        const deliveryKey = installmentDeliveryKey(webhook)
        answer = await db.transaction(async (tx) => {
          // Claim first: of any number of copies, one inserts the row and books; the others find it and stop.
          const claimed = await tx.query(
            `INSERT INTO qitech_deliveries (delivery_key, debt_key, status, signed_at, body) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (delivery_key) DO NOTHING RETURNING delivery_key`,
            [deliveryKey, webhook.key, webhook.data.status, signedAt, body],
          )
          if (claimed.rows.length === 0) return { code: 200, body: { stored: 'duplicate' } }
          if (isInstallmentBankSlipUpdate(webhook)) {
            return { code: 200, body: { stored: await applyBankSlipUpdate(tx, webhook, deliveryKey) } }
          }
          await bookPayments(tx, webhook, deliveryKey)
          return { code: 200, body: { stored: await applyStatusChange(tx, webhook, deliveryKey) } }
        })
      }
      return reply.code(answer.code).send(answer.body)
    })
  })
  // Anything that throws above (the database is down, say) is answered 500 by Fastify, so QI Tech retries.
  return app
}
