// The reference receiver: Fastify, QI Tech's signature check and PostgreSQL, in one file to copy. Nothing is lost
// (an authentic delivery this version cannot type is kept as a dead letter), nothing is booked twice (each delivery
// is claimed once by its delivery key, each payment once by its own key), and a late delivery never overwrites a
// newer state (the installment's row is created, then locked, and replaced only by a newer delivery). Several
// processes can share one database.
//
// `npm run receiver` builds examples/receiver.ts, which calls `startReceiver(process.env)` below. The README's
// "Handling deliveries" shows the same SQL, statement for statement.
import { createHash } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import { PGlite } from '@electric-sql/pglite'
import { Pool, type QueryResultRow } from 'pg'
import {
  type InstallmentBankSlipUpdateWebhook,
  type InstallmentStatusChangeWebhook,
  isInstallmentBankSlipUpdate,
  isInstallmentStatusChange,
  parseInstallmentWebhook,
} from 'qitech-installment-webhooks'
import { amountToDecimalString, amountToMinorUnits, compareInstallmentDeliveries, installmentDeliveryKey } from 'qitech-installment-webhooks/delivery'
import {
  type InstallmentWebhookReceiver,
  type VerifyInstallmentWebhookSignatureOptions,
  createInstallmentWebhookReceiver,
  isInstallmentWebhookSignatureError,
} from 'qitech-installment-webhooks/signature'

/** What the receiver needs of a database connection: a `pg` client and PGlite have this shape. */
export interface Sql {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>
}

/** A database that runs a function in one transaction, committing when it resolves and rolling back if it throws. */
export interface Database extends Sql {
  transaction<T>(run: (tx: Sql) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** A {@link Database} over a `pg.Pool`, for a PostgreSQL server. */
export const pgDatabase = (pool: Pool): Database => ({
  query: <Row>(text: string, params?: unknown[]) => pool.query<Row & QueryResultRow>(text, params),
  transaction: async (run) => {
    const client = await pool.connect()
    let broken: Error | undefined
    // A server that ends the connection while it is checked out (a restart) emits an error event: unheard, it would
    // crash the process. The query in flight rejects on its own, and the connection is discarded below.
    const onError = (error: Error) => (broken = error)
    client.on('error', onError)
    try {
      await client.query('BEGIN')
      const result = await run(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      // A connection that cannot even roll back (the server restarted, say) is discarded, not reused.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError))
      throw error
    } finally {
      client.off('error', onError)
      client.release(broken)
    }
  },
  close: () => pool.end(),
})

/** The tables, created if missing. Bodies are kept as the exact bytes received, with the headers that signed them. */
export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS deliveries (
  delivery_key text PRIMARY KEY,            -- installmentDeliveryKey(webhook)
  received_at  timestamptz NOT NULL DEFAULT now(),
  body         bytea NOT NULL,              -- the raw body, byte for byte
  headers      jsonb NOT NULL,              -- authorization and api-client-key, to verify it again
  method       text NOT NULL,
  path         text NOT NULL,
  scheme       text NOT NULL,               -- v2, or v1 (legacy)
  status       text NOT NULL                -- data.status: an installment status, or update
)`,
  `CREATE TABLE IF NOT EXISTS installments (
  installment_key text PRIMARY KEY,
  status          text NOT NULL,            -- data.status of the newest delivery
  body            bytea NOT NULL,           -- that delivery's webhook JSON
  delivery_key    text NOT NULL REFERENCES deliveries
)`,
  `CREATE TABLE IF NOT EXISTS payments (
  installment_payment_key text PRIMARY KEY,
  installment_key         text NOT NULL,
  amount_minor            bigint NOT NULL,  -- centavos, exactly as sent
  paid_at                 text,             -- as sent, without a zone
  delivery_key            text NOT NULL REFERENCES deliveries
)`,
  `CREATE TABLE IF NOT EXISTS payment_reviews (
  review_key              text PRIMARY KEY, -- SHA-256 of the installment, the reason and the payment
  reason                  text NOT NULL,    -- NO_KEY, NO_AMOUNT, NOT_EXACT or AMOUNT_DIFFERS
  installment_key         text NOT NULL,
  installment_payment_key text,
  paid_amount             text,             -- the amount's decimal text, as sent
  booked_amount_minor     bigint,           -- AMOUNT_DIFFERS: what payments holds
  delivery_key            text NOT NULL REFERENCES deliveries
)`,
  `CREATE TABLE IF NOT EXISTS charges (
  delivery_key    text NOT NULL REFERENCES deliveries,
  installment_key text NOT NULL,
  due_date        text NOT NULL,
  charge          jsonb NOT NULL,           -- the item of data.installments: boleto line, Pix code, amounts
  PRIMARY KEY (delivery_key, installment_key)
)`,
  `CREATE TABLE IF NOT EXISTS dead_letters (
  body_sha256  text PRIMARY KEY,            -- a retry brings the same bytes
  code         text NOT NULL,               -- error.code: UNKNOWN_STATUS, INVALID_PAYLOAD, ...
  webhook_type text,
  status       text,
  debt_key     text,                        -- the body's key, when it has one
  body         bytea NOT NULL,
  headers      jsonb NOT NULL,
  method       text NOT NULL,
  path         text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
)`,
]

/** Every other statement the receiver runs. */
export const SQL = {
  claim: `INSERT INTO deliveries (delivery_key, body, headers, method, path, scheme, status)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (delivery_key) DO NOTHING
RETURNING delivery_key`,
  createInstallment: `INSERT INTO installments (installment_key, status, body, delivery_key) VALUES ($1, $2, $3, $4)
ON CONFLICT (installment_key) DO NOTHING
RETURNING installment_key`,
  lockInstallment: 'SELECT body FROM installments WHERE installment_key = $1 FOR UPDATE',
  updateInstallment: 'UPDATE installments SET status = $2, body = $3, delivery_key = $4 WHERE installment_key = $1',
  bookPayment: `INSERT INTO payments (installment_payment_key, installment_key, amount_minor, paid_at, delivery_key)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (installment_payment_key) DO NOTHING
RETURNING installment_payment_key`,
  bookedPayment: 'SELECT installment_key, amount_minor::text FROM payments WHERE installment_payment_key = $1',
  reviewPayment: `INSERT INTO payment_reviews
  (review_key, reason, installment_key, installment_payment_key, paid_amount, booked_amount_minor, delivery_key)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (review_key) DO NOTHING`,
  recordCharges: `INSERT INTO charges (delivery_key, installment_key, due_date, charge)
SELECT $1, item->>'installment_key', item->>'due_date', item FROM jsonb_array_elements($2::jsonb) AS item
ON CONFLICT DO NOTHING`,
  deadLetter: `INSERT INTO dead_letters (body_sha256, code, webhook_type, status, debt_key, body, headers, method, path)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (body_sha256) DO NOTHING`,
} as const

/**
 * Exports stored deliveries as the captures `qitech-installment-webhooks verify` reads, one JSON line each (run it
 * with `psql -At`); `FROM dead_letters` exports the dead letters. PostgreSQL's base64 breaks lines, which the
 * capture must not hold.
 */
export const CAPTURES_SQL = `SELECT json_build_object(
  'headers', headers, 'method', method, 'path', path, 'received_at', received_at,
  'body_base64', translate(encode(body, 'base64'), E'\\n', '')
)::text AS capture
FROM deliveries ORDER BY received_at`

// Any constant shared by every process of the receiver: it makes concurrent start-ups create the tables one at a
// time (two CREATE TABLE IF NOT EXISTS of one table at once can fail with a unique violation).
const SCHEMA_LOCK = 720_594_113

/** Creates the tables if they do not exist; safe when several processes start at once. */
export const migrate = (db: Database): Promise<void> =>
  db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK])
    for (const statement of SCHEMA) await tx.query(statement)
  })

// PostgreSQL aborts one of two transactions that block each other (deadlock) or, at a stricter isolation level,
// that cannot be serialized; running it again is the documented remedy.
const RETRYABLE = new Set(['40001', '40P01'])
const ATTEMPTS = 5

/** Runs `run` in a transaction, again when PostgreSQL aborted it for a deadlock or a serialization failure. */
export const inTransaction = async <T>(db: Database, run: (tx: Sql) => Promise<T>): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(run)
    } catch (error) {
      if (attempt === ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error
    }
  }
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex')

/**
 * Books the payments of a status change by their own key, from every authentic delivery (a payment reported by a
 * late delivery is still a payment). A payment without a key or an exact amount, or a known key with another
 * amount, is set aside in payment_reviews. Keys are taken in order, so two transactions never wait on each other.
 */
const bookPayments = async (tx: Sql, webhook: InstallmentStatusChangeWebhook, deliveryKey: string): Promise<void> => {
  const { installment_key: installmentKey, installment_payment: payments } = webhook.data.installment
  const review = (reason: string, paymentKey: string | null, amount: number | null, booked: string | null = null) => {
    const amountText = amount === null ? null : amountToDecimalString(amount)
    const paidAmount = amountText === null || amountText._tag === 'Left' ? null : amountText.right
    const reviewKey = sha256(JSON.stringify([installmentKey, reason, paymentKey, paidAmount]))
    return tx.query(SQL.reviewPayment, [reviewKey, reason, installmentKey, paymentKey, paidAmount, booked, deliveryKey])
  }
  const keyOf = (payment: { installment_payment_key?: string | null }) => payment.installment_payment_key ?? ''
  const sorted = [...(payments ?? [])].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
  for (const payment of sorted) {
    const key = payment.installment_payment_key ?? null
    const amount = payment.paid_amount ?? null
    if (key === null) await review('NO_KEY', null, amount)
    else if (amount === null) await review('NO_AMOUNT', key, null)
    else {
      // `exact`: an amount with more decimals than centavos is never rounded into the books.
      const cents = amountToMinorUnits(amount, { rounding: 'exact' })
      if (cents._tag === 'Left') {
        await review('NOT_EXACT', key, amount)
        continue
      }
      const booked = await tx.query(SQL.bookPayment, [key, installmentKey, cents.right, payment.paid_at ?? null, deliveryKey])
      if (booked.rows.length === 1) continue
      const [known] = (await tx.query<{ installment_key: string; amount_minor: string }>(SQL.bookedPayment, [key])).rows
      if (known.amount_minor !== String(cents.right) || known.installment_key !== installmentKey) {
        await review('AMOUNT_DIFFERS', key, amount, known.amount_minor)
      }
    }
  }
}

/** What became of a delivery: its log line's `outcome`, and the `reason` of an `unordered` one. */
type Done = { outcome: string; reason?: string }

/**
 * Stores a status change as the installment's state when it is newer than the stored one. The row is created
 * first, then locked: two first deliveries handled at once cannot both find no row and both write.
 */
const applyStatusChange = async (tx: Sql, webhook: InstallmentStatusChangeWebhook, body: Uint8Array, deliveryKey: string): Promise<Done> => {
  const key = webhook.data.installment.installment_key
  const created = await tx.query(SQL.createInstallment, [key, webhook.data.status, body, deliveryKey])
  if (created.rows.length === 1) return { outcome: 'stored' }
  const [row] = (await tx.query<{ body: Uint8Array }>(SQL.lockInstallment, [key])).rows
  const stored = parseInstallmentWebhook(row.body)
  const result = isInstallmentStatusChange(stored) ? compareInstallmentDeliveries(stored, webhook) : { order: 'newer' as const }
  if (result.order === 'newer') {
    await tx.query(SQL.updateInstallment, [key, webhook.data.status, body, deliveryKey])
    return { outcome: 'stored' }
  }
  // `unordered`: nothing tells the two apart; the stored state stays and the log line sets the delivery aside.
  return result.order === 'unordered' ? { outcome: 'unordered', reason: result.reason } : { outcome: result.order }
}

/** Every charge of a bank-slip update is kept: QI Tech's charges carry no time that would order two of them. */
const recordCharges = async (tx: Sql, webhook: InstallmentBankSlipUpdateWebhook, deliveryKey: string): Promise<Done> => {
  await tx.query(SQL.recordCharges, [deliveryKey, JSON.stringify(webhook.data.installments)])
  return { outcome: 'stored' }
}

/** One line per delivery, as JSON: what became of it and why. Never the body, an amount or a header. */
export type LogLine = Record<string, string | number | null>

export interface PostgresReceiverConfig {
  readonly db: Database
  /** The signature check, built once at start-up by `createInstallmentWebhookReceiver`. */
  readonly receiver: InstallmentWebhookReceiver
  /** Where each delivery's log line goes; standard output by default. */
  readonly log?: (line: LogLine) => void
}

const WEBHOOK_PATH = '/webhooks/qitech'
// QI Tech's bank-slip update of 10,000 installments is about 5 MB; a body refused for its size is retried, then dropped.
const BODY_LIMIT_BYTES = 16 * 1024 * 1024

const writeLog = (line: LogLine): void => void process.stdout.write(`${JSON.stringify(line)}\n`)

/**
 * The receiver: POST /webhooks/qitech and GET /health. Answers 200 for a delivery stored now or before, 202 for
 * an authentic delivery kept as a dead letter, 400 for a request without a body, 401 for one that is not an
 * authentic, fresh QI Tech delivery, and 500 only when its own configuration or database failed, so that QI Tech
 * retries.
 */
export const buildPostgresReceiver = ({ db, receiver, log = writeLog }: PostgresReceiverConfig): FastifyInstance => {
  const app = Fastify({ bodyLimit: BODY_LIMIT_BYTES })
  // Closing, the server waits for every open connection: a kept-alive one is closed after its answer, not left idle.
  let closing = false
  app.addHook('preClose', async () => void (closing = true))
  app.addHook('onSend', async (_request, reply) => void (closing && reply.header('connection', 'close')))
  app.get('/health', async (_request, reply) => {
    await db.query('SELECT 1')
    return reply.send({ ok: true })
  })
  void app.register(async (webhooks) => {
    webhooks.removeAllContentTypeParsers()
    webhooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

    webhooks.post(WEBHOOK_PATH, async (request, reply) => {
      const answer = (status: number, outcome: string, line: LogLine = {}) => {
        log({ outcome, http: status, code: null, delivery_key: null, ...line })
        return reply.code(status).send({ outcome, ...line })
      }
      // Fastify leaves the body undefined when a request has neither a body nor a content type.
      if (!Buffer.isBuffer(request.body)) return answer(400, 'no_body', { code: 'NO_BODY' })
      const body = request.body
      const headers = Object.fromEntries(
        ['authorization', 'api-client-key'].flatMap((name) => (request.headers[name] === undefined ? [] : [[name, request.headers[name]]])),
      )
      const result = await receiver.receive({ headers: request.headers, body, method: request.method, path: request.url })
      if (result._tag === 'Left') {
        const error = result.left
        if (isInstallmentWebhookSignatureError(error)) {
          const isOurBug = error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS'
          return answer(isOurBug ? 500 : 401, 'rejected', { code: error.code })
        }
        // Authentic, but this version cannot type it: keep it, and acknowledge it so QI Tech stops retrying.
        const bodySha256 = sha256(body)
        const { key, webhook_type, status } = error.envelope
        await db.query(SQL.deadLetter, [bodySha256, error.code, webhook_type ?? null, status ?? null, key ?? null, body, headers, request.method, request.url])
        return answer(202, 'dead_letter', { code: error.code, body_sha256: bodySha256 })
      }
      const received = result.right
      const { webhook } = received
      // A legacy body wraps the webhook in a JWS: the installment keeps the verified webhook JSON.
      const webhookBody = received.scheme === 'v1' ? Buffer.from(JSON.stringify(received.payload)) : body
      const deliveryKey = installmentDeliveryKey(webhook)
      const done = await inTransaction(db, async (tx): Promise<Done> => {
        // Claim first: of any number of copies, one inserts the row and goes on; the others find it and stop.
        const claimed = await tx.query(SQL.claim, [deliveryKey, body, headers, request.method, request.url, received.scheme, webhook.data.status])
        if (claimed.rows.length === 0) return { outcome: 'duplicate' }
        if (isInstallmentBankSlipUpdate(webhook)) return recordCharges(tx, webhook, deliveryKey)
        await bookPayments(tx, webhook, deliveryKey)
        return applyStatusChange(tx, webhook, webhookBody, deliveryKey)
      })
      return answer(200, done.outcome, { delivery_key: deliveryKey, ...(done.reason === undefined ? {} : { reason: done.reason }) })
    })
  })
  // Anything that throws above (the database is down, say) is answered 500, so QI Tech retries.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500
    if (request.url === WEBHOOK_PATH) log({ outcome: 'error', http: status, code: (error as { code?: string }).code ?? null, delivery_key: null })
    return reply.code(status).send({ outcome: 'error' })
  })
  return app
}

/** A running receiver: its address, and `close` to stop taking requests, finish those in flight and close the database. */
export interface RunningReceiver {
  readonly url: string
  readonly db: Database
  close(): Promise<void>
}

/** One or more PEMs, one after the other in one variable; the signature check reads literal `\n` as line breaks. */
const pemsOf = (text: string): string[] => text.match(/-----BEGIN [A-Z ]+-----[^-]+-----END [A-Z ]+-----/g) ?? [text]

const VARIABLES = { publicKeys: 'QITECH_PUBLIC_KEYS', apiClientKey: 'QITECH_API_CLIENT_KEY', toleranceSeconds: 'QITECH_TOLERANCE_SECONDS' }

/**
 * Starts the receiver from environment variables: `QITECH_PUBLIC_KEYS` (required), `QITECH_API_CLIENT_KEY`
 * (comma-separated), `QITECH_LEGACY` (`true`), `QITECH_TOLERANCE_SECONDS`, `DATABASE_URL` (absent: PGlite in
 * memory, or in `PGLITE_DIR`), `HOST` and `PORT`. Rejects with a message naming the variable that is wrong.
 */
export const startReceiver = async (env: NodeJS.ProcessEnv): Promise<RunningReceiver> => {
  const { QITECH_PUBLIC_KEYS: keys, QITECH_API_CLIENT_KEY: apiClientKey, QITECH_TOLERANCE_SECONDS: tolerance } = env
  if (keys === undefined || keys.trim() === '') {
    throw new Error("QITECH_PUBLIC_KEYS is not set: give QI Tech's public key (PEM), or several, one after the other")
  }
  const options: VerifyInstallmentWebhookSignatureOptions = {
    publicKeys: pemsOf(keys),
    apiClientKey: apiClientKey ? apiClientKey.split(',').map((key) => key.trim()) : undefined,
    legacy: env.QITECH_LEGACY === 'true' || env.QITECH_LEGACY === '1',
    toleranceSeconds: tolerance ? Number(tolerance) : undefined,
  }
  // Checked here, once: a wrong key stops the start-up instead of answering 500 to every delivery.
  const receiver = await createInstallmentWebhookReceiver(options).catch((error: Error) => {
    const option = (Object.keys(VARIABLES) as Array<keyof typeof VARIABLES>).find((name) => error.message.includes(name))
    throw new Error(`${option === undefined ? 'QITECH_*' : VARIABLES[option]}: ${error.message}`)
  })
  let db: Database
  if (env.DATABASE_URL) {
    const pool = new Pool({ connectionString: env.DATABASE_URL })
    // An idle connection the server dropped (a restart) is replaced on next use; without a listener it would crash.
    pool.on('error', (error) => writeLog({ outcome: 'database_error', code: (error as { code?: string }).code ?? error.message }))
    db = pgDatabase(pool)
  } else {
    db = await PGlite.create(env.PGLITE_DIR || undefined)
  }
  await migrate(db)
  const app = buildPostgresReceiver({ db, receiver })
  const host = env.HOST || '127.0.0.1'
  await app.listen({ host, port: env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT) })
  const { port } = app.server.address() as { port: number }
  const url = `http://${host}:${port}`
  return { url, db, close: () => app.close().then(() => db.close()) }
}
