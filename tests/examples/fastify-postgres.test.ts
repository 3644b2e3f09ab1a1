import { type ChildProcess, fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import {
  type InstallmentStatus,
  type InstallmentWebhook,
  decodeInstallmentWebhook,
} from 'qitech-installment-webhooks'
import { installmentDeliveryKey } from 'qitech-installment-webhooks/delivery'
import { buildStatusChangeWebhook, generateTestKeyPair, signTestWebhook } from 'qitech-installment-webhooks/testing'

// The Postgres receiver from examples/ in a process of its own, on a real PostgreSQL (PGlite, started by the
// process) and real HTTP on 127.0.0.1. The test reads the tables over IPC.

const PATH = '/webhooks/qitech'
const keys = generateTestKeyPair()
const root = join(__dirname, '..', '..')
const scratch = mkdtempSync(join(tmpdir(), 'qitech-postgres-receiver-'))
let receiver: ChildProcess
let baseUrl = ''
let nextQueryId = 0

/** Runs `sql` in the receiver's database and resolves to its rows. */
const query = <Row>(sql: string): Promise<Row[]> =>
  new Promise((resolve, reject) => {
    const id = nextQueryId++
    const onMessage = (message: { id?: number; rows?: Row[]; error?: string }): void => {
      if (message.id !== id) return
      receiver.off('message', onMessage)
      if (message.error === undefined) resolve(message.rows ?? [])
      else reject(new Error(message.error))
    }
    receiver.on('message', onMessage)
    receiver.send({ id, sql })
  })

beforeAll(async () => {
  const outfile = join(scratch, 'receiver.cjs')
  await build({
    entryPoints: [join(__dirname, 'postgres-receiver-process.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    // The package's own name resolves to its sources, as in the rest of the suite; dependencies load from node_modules.
    alias: {
      'qitech-installment-webhooks': join(root, 'src', 'index.ts'),
      'qitech-installment-webhooks/delivery': join(root, 'src', 'delivery', 'index.ts'),
      'qitech-installment-webhooks/signature': join(root, 'src', 'signature', 'index.ts'),
    },
    packages: 'external',
  })
  // The bundle sits in a scratch folder: NODE_PATH lets it require the dependencies from this repository.
  const env = { ...process.env, NODE_PATH: join(root, 'node_modules'), QITECH_PUBLIC_KEY: keys.publicKey }
  receiver = fork(outfile, { env, serialization: 'advanced' })
  baseUrl = await new Promise<string>((resolve, reject) => {
    receiver.once('message', (message: { ready?: string }) => (message.ready ? resolve(message.ready) : reject(new Error('no port'))))
    receiver.once('exit', (code) => reject(new Error(`the receiver exited with ${code}`)))
  })
}, 60_000)

afterAll(async () => {
  const exited = new Promise((resolve) => receiver.once('exit', resolve))
  receiver.disconnect()
  await exited
  rmSync(scratch, { recursive: true, force: true })
}, 30_000)

beforeEach(async () => {
  await query('TRUNCATE qitech_payments, qitech_installments, qitech_deliveries, qitech_dead_letters')
})

interface Sent {
  readonly status: number
  readonly answer: Record<string, unknown>
}

/** Signs `body` as QI Tech does and POSTs it; `tamper` changes the body after signing. */
const deliver = async (body: string, tamper?: (signed: string) => string): Promise<Sent> => {
  const headers = await signTestWebhook({ body, privateKey: keys.privateKey, path: PATH })
  const response = await fetch(`${baseUrl}${PATH}`, { method: 'POST', headers, body: tamper ? tamper(body) : body })
  return { status: response.status, answer: (await response.json()) as Record<string, unknown> }
}

const count = async (table: string): Promise<number> => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n

const tableCounts = async () => ({
  deliveries: await count('qitech_deliveries'),
  installments: await count('qitech_installments'),
  payments: await count('qitech_payments'),
  deadLetters: await count('qitech_dead_letters'),
})

const INSTALLMENT_KEY = '4a2d3b5f-9c8e-4d72-8f3a-1b6c7d8e9f02'

const enumeratorOf = (name: string, value: string) => ({ enumerator: value, translation_path: `co.${name}.${value}` })
const event = (type: string, at: string, amount: number | null, oldStatus: string) => ({
  amount,
  created_at: at,
  event_date: at,
  old_due_date: null,
  installment_event_type: enumeratorOf('InstallmentEventType', type),
  installment_old_status: enumeratorOf('InstallmentStatus', oldStatus),
})
const payment = (key: string, at: string, amount: number) => ({
  installment_payment_key: key,
  paid_at: at,
  paid_amount: amount,
  paid_method_type: enumeratorOf('PaymentType', 'pix'),
})

/** One installment's life, in the order QI Tech made the deliveries: each state later than the one before. */
const life = (): string[] => {
  const open = event('open', '2022-09-27T07:03:35', null, 'created')
  const first = payment('f03e1fbc-6d7a-456b-bd6a-db0faac1b401', '2022-10-10T09:00:00', 500)
  const second = payment('f03e1fbc-6d7a-456b-bd6a-db0faac1b402', '2022-10-20T09:00:00', 409.68)
  const pay1 = event('payment', '2022-10-10T09:00:01', 500, 'waiting_payment')
  const pay2 = event('payment', '2022-10-20T09:00:01', 409.68, 'paid_partial')
  const pay3 = event('payment', '2022-10-27T10:15:01', 100, 'paid_partial')
  const third = payment('f03e1fbc-6d7a-456b-bd6a-db0faac1b403', '2022-10-27T10:15:00', 100)
  const states: Array<[InstallmentStatus, string, unknown[], unknown[], number, boolean]> = [
    ['opened', '2022-09-27T07:03:35', [open], [], 0, false],
    ['waiting_payment', '2022-10-01T00:00:05', [open], [], 0, false],
    ['paid_partial', '2022-10-10T09:00:01', [open, pay1], [first], 500, false],
    ['paid_partial', '2022-10-20T09:00:01', [open, pay1, pay2], [first, second], 909.68, false],
    ['paid', '2022-10-27T10:15:01', [open, pay1, pay2, pay3], [first, second, third], 1009.68, true],
  ]
  return states.map(([status, updatedAt, events, payments, paid, finished]) => {
    const webhook = buildStatusChangeWebhook(status, {
      data: {
        is_finished: finished,
        installment: { installment_key: INSTALLMENT_KEY, updated_at: updatedAt, paid_amount: paid, paid_at: null },
      },
    }) as unknown as { data: { installment: Record<string, unknown> } }
    // Arrays replace in the builder's overrides; set them directly.
    webhook.data.installment.events = events
    webhook.data.installment.installment_payment = payments
    return JSON.stringify(webhook)
  })
}

/** A seeded shuffle (mulberry32), so a failing order can be replayed from its seed. */
const shuffled = <T>(items: ReadonlyArray<T>, seed: number): T[] => {
  let state = seed
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

describe('the Postgres receiver example, over HTTP on a real PostgreSQL', () => {
  it('books one effect for 50 concurrent copies of one signed delivery, and answers every copy 2xx', async () => {
    const body = life()[4]
    const headers = await signTestWebhook({ body, privateKey: keys.privateKey, path: PATH })
    const answers = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const response = await fetch(`${baseUrl}${PATH}`, { method: 'POST', headers, body })
        return { status: response.status, stored: ((await response.json()) as { stored: string }).stored }
      }),
    )
    expect(answers.every(({ status }) => status >= 200 && status < 300)).toBe(true)
    // One copy claimed the delivery and processed it; the other 49 found it claimed and did nothing.
    expect(answers.filter(({ stored }) => stored === 'duplicate')).toHaveLength(49)
    expect(answers.filter(({ stored }) => stored !== 'duplicate')).toEqual([{ status: 200, stored: 'stored' }])
    expect(await tableCounts()).toEqual({ deliveries: 1, installments: 1, payments: 3, deadLetters: 0 })
    const [row] = await query<{ changes: number; status: string }>('SELECT changes, status FROM qitech_installments')
    expect(row).toEqual({ changes: 1, status: 'paid' })
  }, 60_000)

  it.each([1, 2, 3, 4, 5, 6])(
    'ends at paid, with each payment booked once, for the life of one installment delivered shuffled with duplicates (seed %i)',
    async (seed) => {
      const states = life()
      const withCopies = shuffled([...states, ...states.filter((_, i) => (i + seed) % 2 === 0), states[seed % states.length]], seed)
      for (const body of withCopies) expect((await deliver(body)).status).toBe(200)
      const [installment] = await query<{ status: string; is_finished: boolean }>('SELECT status, is_finished FROM qitech_installments')
      expect(installment).toEqual({ status: 'paid', is_finished: true })
      const payments = await query<{ installment_payment_key: string; amount_cents: string }>(
        'SELECT installment_payment_key, amount_cents::text FROM qitech_payments ORDER BY installment_payment_key',
      )
      expect(payments.map((p) => [p.installment_payment_key.slice(-1), p.amount_cents])).toEqual([
        ['1', '50000'],
        ['2', '40968'],
        ['3', '10000'],
      ])
      expect(await count('qitech_deliveries')).toBe(states.length)
    },
    60_000,
  )

  it('keeps the later state when an older delivery arrives after it', async () => {
    const [opened, , , , paid] = life()
    expect((await deliver(paid)).answer).toEqual({ stored: 'stored' })
    expect((await deliver(opened)).answer).toEqual({ stored: 'kept: older' })
    const [row] = await query<{ status: string }>('SELECT status FROM qitech_installments')
    expect(row.status).toBe('paid')
  })

  it.each([
    ['a status this version does not know', (w: Record<string, any>) => (w.data.status = 'unmonitored'), 'UNKNOWN_STATUS'],
    ['another webhook_type', (w: Record<string, any>) => (w.webhook_type = 'laas.credit_operation.installment.payment'), 'UNSUPPORTED_WEBHOOK_TYPE'],
  ])('keeps %s as a dead letter, answers 2xx, changes nothing else, and replays it into the decoder', async (_, change, code) => {
    const webhook = JSON.parse(life()[2]) as Record<string, any>
    change(webhook)
    const body = JSON.stringify(webhook)
    expect(await deliver(body)).toEqual({ status: 202, answer: { stored: 'dead_letter', error: code } })
    expect(await tableCounts()).toEqual({ deliveries: 0, installments: 0, payments: 0, deadLetters: 1 })
    const [letter] = await query<{ code: string; unsupported: boolean; status: string; webhook_type: string; body: Uint8Array }>(
      'SELECT code, unsupported, status, webhook_type, body FROM qitech_dead_letters',
    )
    expect(letter).toMatchObject({ code, unsupported: true, status: webhook.data.status, webhook_type: webhook.webhook_type })
    // The exact bytes were kept: replayed into the decoder, they give the same answer and the same payload.
    expect(Buffer.from(letter.body).toString('utf8')).toBe(body)
    const replayed = decodeInstallmentWebhook(letter.body)
    expect(replayed._tag === 'Left' && [replayed.left.code, replayed.left.payload]).toEqual([code, webhook])
  })

  it('answers 401 to a delivery whose body was changed after signing, and stores nothing', async () => {
    const sent = await deliver(life()[4], (body) => body.replace('1009.68', '9009.68'))
    expect(sent).toEqual({ status: 401, answer: { error: 'BODY_HASH_MISMATCH' } })
    expect(await tableCounts()).toEqual({ deliveries: 0, installments: 0, payments: 0, deadLetters: 0 })
  })

  it('answers 400 with a useful message, never 500, to a POST with neither a body nor a content type', async () => {
    const response = await fetch(`${baseUrl}${PATH}`, { method: 'POST' })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: 'NO_BODY', message: 'QI Tech deliveries carry a JSON body' })
  })

  it('answers 500 when its own storage fails, so QI Tech retries, and books the retry once storage is back', async () => {
    const body = life()[2]
    const headers = await signTestWebhook({ body, privateKey: keys.privateKey, path: PATH })
    const post = () => fetch(`${baseUrl}${PATH}`, { method: 'POST', headers, body }).then((r) => r.status)
    await query('ALTER TABLE qitech_payments RENAME TO qitech_payments_away')
    try {
      expect(await post()).toBe(500)
    } finally {
      await query('ALTER TABLE qitech_payments_away RENAME TO qitech_payments')
    }
    // The failed transaction left nothing behind, so the retry is not taken for a duplicate.
    expect(await count('qitech_deliveries')).toBe(0)
    expect(await post()).toBe(200)
    expect(await tableCounts()).toEqual({ deliveries: 1, installments: 1, payments: 1, deadLetters: 0 })
    const key = installmentDeliveryKey(JSON.parse(body) as InstallmentWebhook)
    expect((await query<{ delivery_key: string }>('SELECT delivery_key FROM qitech_deliveries'))[0].delivery_key).toBe(key)
  })
})
