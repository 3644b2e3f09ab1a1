import { type ChildProcess, fork, spawnSync } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { Client } from 'pg'
import { type InstallmentStatusChangeWebhook, decodeInstallmentWebhook } from 'qitech-installment-webhooks'
import { installmentDeliveryKey } from 'qitech-installment-webhooks/delivery'
import {
  buildBankSlipUpdateWebhook,
  buildInstallmentLife,
  buildStatusChangeWebhook,
  type TestKeyPair,
  generateTestKeyPair,
  signLegacyTestWebhook,
  signTestWebhook,
} from 'qitech-installment-webhooks/testing'
import { CAPTURES_SQL } from '../../examples/fastify-postgres'

// The reference receiver from examples/ in processes of its own, over real HTTP on 127.0.0.1: on PGlite always, and
// on the PostgreSQL server of QITECH_TEST_DATABASE_URL when it is set (each run in a schema of its own). The tests
// read the tables over IPC, through the receiver's own connection.

const PATH = '/webhooks/qitech'
const API_CLIENT_KEY = '20d6a816-9d21-4e29-bbe5-2ffb3baacfe9'
const SERVER_URL = process.env.QITECH_TEST_DATABASE_URL
let keys: TestKeyPair
const root = join(__dirname, '..', '..')
const scratch = mkdtempSync(join(tmpdir(), 'qitech-postgres-receiver-'))
const harness = join(scratch, 'receiver.cjs')

// The package's own name resolves to its sources, as in the rest of the suite; dependencies load from node_modules.
const bundle = (entry: string, outfile: string) =>
  build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    alias: {
      'qitech-installment-webhooks': join(root, 'src', 'index.ts'),
      'qitech-installment-webhooks/delivery': join(root, 'src', 'delivery', 'index.ts'),
      'qitech-installment-webhooks/signature': join(root, 'src', 'signature', 'index.ts'),
    },
    packages: 'external',
  })

// The bundles sit in a scratch folder: NODE_PATH lets them require the dependencies from this repository.
const baseEnv: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: join(root, 'node_modules') }
delete baseEnv.DATABASE_URL

beforeAll(async () => {
  keys = await generateTestKeyPair()
  baseEnv.QITECH_PUBLIC_KEYS = keys.publicKey
  await bundle(join(__dirname, 'postgres-receiver-process.ts'), harness)
  await bundle(join(root, 'examples', 'receiver.ts'), join(scratch, 'main.cjs'))
  // The capture test runs the built checker.
  if (!existsSync(join(root, 'dist', 'cli.js'))) spawnSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' })
}, 120_000)

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A receiver process: its address, its log lines so far, and a query on its database. */
interface Receiver {
  readonly url: string
  readonly logs: Array<Record<string, unknown>>
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>
  stop(): Promise<void>
}

const startHarness = async (env: Record<string, string | undefined>): Promise<Receiver> => {
  const child: ChildProcess = fork(harness, { env: { ...baseEnv, ...env }, serialization: 'advanced', silent: true })
  const logs: Array<Record<string, unknown>> = []
  let pending = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) logs.push(JSON.parse(line) as Record<string, unknown>)
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { ready?: string; failed?: string }) => (message.ready ? resolve(message.ready) : reject(new Error(message.failed))))
    child.once('exit', (code) => reject(new Error(`the receiver exited with ${code}`)))
  })
  let nextId = 0
  const query = <Row>(sql: string, params?: unknown[]): Promise<Row[]> =>
    new Promise((resolve, reject) => {
      const id = nextId++
      const onMessage = (message: { id?: number; rows?: Row[]; error?: string }): void => {
        if (message.id !== id) return
        child.off('message', onMessage)
        if (message.error === undefined) resolve(message.rows ?? [])
        else reject(new Error(message.error))
      }
      child.on('message', onMessage)
      child.send({ id, sql, params })
    })
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.disconnect()
    await exited
  }
  return { url, logs, query, stop }
}

/** A DATABASE_URL whose connections use `schema`, so that runs on one server never meet. */
const inSchema = (url: string, schema: string) => `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`

const onServer = async <T>(run: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: SERVER_URL })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

const TABLES = ['deliveries', 'installments', 'payments', 'payment_reviews', 'charges', 'dead_letters'] as const

const modes: Array<[string, boolean]> = [['PGlite', false], ...(SERVER_URL ? [['the PostgreSQL server', true] as [string, boolean]] : [])]

/** Signs `body` as QI Tech does. */
const signed = async (body: string) => ({ body, headers: await signTestWebhook({ body, privateKey: keys.privateKey, path: PATH, apiClientKey: API_CLIENT_KEY }) })

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

describe.each(modes)('the reference receiver, over HTTP, on %s', (_, server) => {
  const schema = `qitech_receiver_test_${process.pid}_${Date.now()}`
  let receiver: Receiver

  beforeAll(async () => {
    if (server) await onServer((client) => client.query(`CREATE SCHEMA ${schema}`))
    receiver = await startHarness({ DATABASE_URL: server ? inSchema(SERVER_URL ?? '', schema) : undefined, QITECH_LEGACY: 'true' })
  }, 60_000)

  afterAll(async () => {
    await receiver?.stop()
    if (server) await onServer((client) => client.query(`DROP SCHEMA ${schema} CASCADE`))
  }, 30_000)

  beforeEach(async () => {
    await receiver.query(`TRUNCATE ${TABLES.join(', ')}`)
    receiver.logs.length = 0
  })

  const post = async ({ body, headers }: { body: string; headers: Record<string, string> }) => {
    const response = await fetch(`${receiver.url}${PATH}`, { method: 'POST', headers, body })
    return { status: response.status, answer: (await response.json()) as Record<string, unknown> }
  }
  const deliver = async (webhook: object) => post(await signed(JSON.stringify(webhook)))
  const count = async (table: string): Promise<number> => (await receiver.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n
  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await count(table)])))
  const none = { deliveries: 0, installments: 0, payments: 0, payment_reviews: 0, charges: 0, dead_letters: 0 }
  const paymentsOf = (webhook: InstallmentStatusChangeWebhook) =>
    (webhook.data.installment.installment_payment ?? []).map((p) => [p.installment_payment_key, String(Math.round((p.paid_amount ?? 0) * 100))]).sort()

  it('books one effect for 50 concurrent copies of one signed delivery, and answers every copy 200', async () => {
    const paid = buildInstallmentLife({ partialPayments: 2 }).at(-1) as InstallmentStatusChangeWebhook
    const delivery = await signed(JSON.stringify(paid))
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(delivery)))
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200))
    // One copy claimed the delivery and stored it; the other 49 found it claimed and did nothing.
    expect(answers.filter((a) => a.answer.outcome === 'duplicate')).toHaveLength(49)
    expect(await counts()).toEqual({ ...none, deliveries: 1, installments: 1, payments: 3 })
  }, 60_000)

  it.each([1, 2, 3, 4, 5, 6])(
    'ends at paid, with each payment booked once, for a life delivered shuffled with duplicates (seed %i)',
    async (seed) => {
      const life = buildInstallmentLife({ installmentKey: randomUUID(), partialPayments: 2 })
      const withCopies = shuffled([...life, ...life.filter((_, i) => (i + seed) % 2 === 0), life[seed % life.length]], seed)
      for (const webhook of withCopies) expect((await deliver(webhook)).status).toBe(200)
      const [installment] = await receiver.query<{ status: string }>('SELECT status FROM installments')
      expect(installment).toEqual({ status: 'paid' })
      const payments = await receiver.query<{ key: string; amount: string }>(
        'SELECT installment_payment_key AS key, amount_minor::text AS amount FROM payments ORDER BY 1',
      )
      expect(payments.map((p) => [p.key, p.amount])).toEqual(paymentsOf(life[life.length - 1]))
      expect(await count('deliveries')).toBe(life.length)
    },
    60_000,
  )

  // Issue 19: the README's first ordering snippet locked a row that did not exist yet, and 35 or 37 of 40 ended
  // `opened`. The row is created first now; on a server the two deliveries of each installment truly overlap.
  it.each([
    ['the earlier first', false],
    ['the later first', true],
  ])(
    'ends every one of 40 new installments at its later state when their first two deliveries arrive at once, %s',
    async (_, reversed) => {
      const lives = Array.from({ length: 40 }, () => buildInstallmentLife({ installmentKey: randomUUID(), partialPayments: 1 }))
      const pairs = await Promise.all(lives.map(async (life) => Promise.all([life[0], life[3]].map((webhook) => signed(JSON.stringify(webhook))))))
      const answers = await Promise.all(pairs.flatMap((pair) => (reversed ? [...pair].reverse() : pair)).map(post))
      expect(answers.map((a) => a.status)).toEqual(Array(80).fill(200))
      const rows = await receiver.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM installments GROUP BY status')
      expect(rows).toEqual([{ status: 'paid', n: 40 }])
      expect(await count('payments')).toBe(80)
    },
    120_000,
  )

  it('keeps the later state when an older delivery arrives after it, and says so in its answer and its log line', async () => {
    const life = buildInstallmentLife()
    expect((await deliver(life[2])).answer).toMatchObject({ outcome: 'stored' })
    const late = await deliver(life[0])
    expect(late.answer).toEqual({ outcome: 'older', delivery_key: installmentDeliveryKey(life[0]) })
    expect((await receiver.query<{ status: string }>('SELECT status FROM installments'))[0].status).toBe('paid')
    expect(receiver.logs).toEqual([
      { outcome: 'stored', http: 200, code: null, delivery_key: installmentDeliveryKey(life[2]) },
      { outcome: 'older', http: 200, code: null, delivery_key: installmentDeliveryKey(life[0]) },
    ])
  })

  it('sets aside a payment without a key, one without an amount, one with more decimals than centavos, and a known key with another amount', async () => {
    const [, , partial, paid] = buildInstallmentLife({ installmentKey: randomUUID(), partialPayments: 1 })
    const [first, second] = paid.data.installment.installment_payment ?? []
    const changed: any = structuredClone(paid)
    changed.data.installment.installment_payment = [
      { ...first, paid_amount: (first.paid_amount ?? 0) + 1 },
      { ...second, installment_payment_key: null },
      { ...second, installment_payment_key: randomUUID(), paid_amount: null },
      { ...second, installment_payment_key: randomUUID(), paid_amount: 10.005 },
    ]
    expect((await deliver(partial)).status).toBe(200)
    expect((await deliver(changed)).status).toBe(200)
    const reviews = await receiver.query<{ reason: string; paid_amount: string | null; booked: string | null }>(
      'SELECT reason, paid_amount, booked_amount_minor::text AS booked FROM payment_reviews ORDER BY reason',
    )
    expect(reviews).toEqual([
      { reason: 'AMOUNT_DIFFERS', paid_amount: String((first.paid_amount ?? 0) + 1), booked: String(Math.round((first.paid_amount ?? 0) * 100)) },
      { reason: 'NOT_EXACT', paid_amount: '10.005', booked: null },
      { reason: 'NO_AMOUNT', paid_amount: null, booked: null },
      { reason: 'NO_KEY', paid_amount: String(second.paid_amount), booked: null },
    ])
    // The first booking stands; nothing was booked from the payments set aside.
    expect(await count('payments')).toBe(1)
    // A retry of the same delivery is a duplicate, and a later delivery repeating them adds no second review.
    const again: any = structuredClone(changed)
    again.data.installment.updated_at = '2030-01-01T00:00:00'
    expect((await deliver(again)).status).toBe(200)
    expect(await count('payment_reviews')).toBe(4)
  })

  it('records every charge of a bank-slip update of 10,000 installments, a body of about 5 MB', async () => {
    const template = buildBankSlipUpdateWebhook().data.installments[0]
    const update = buildBankSlipUpdateWebhook({ data: { installments: Array.from({ length: 10_000 }, () => ({ ...template, installment_key: randomUUID() })) } })
    const body = JSON.stringify(update)
    expect(body.length).toBeGreaterThan(3_000_000)
    expect(await post(await signed(body))).toEqual({ status: 200, answer: { outcome: 'stored', delivery_key: installmentDeliveryKey(update) } })
    expect(await counts()).toEqual({ ...none, deliveries: 1, charges: 10_000 })
    const [charge] = await receiver.query<{ due_date: string; charge: Record<string, unknown> }>('SELECT due_date, charge FROM charges LIMIT 1')
    expect(charge).toEqual({ due_date: template.due_date, charge: expect.objectContaining({ digitable_line: template.digitable_line }) })
  }, 60_000)

  it.each([
    ['a status this version does not know', buildStatusChangeWebhook('unmonitored'), 'UNKNOWN_STATUS'],
    ['another webhook_type', { ...buildStatusChangeWebhook('paid'), webhook_type: 'laas.credit_operation.installment.payment' }, 'UNSUPPORTED_WEBHOOK_TYPE'],
    ['a broken body', buildStatusChangeWebhook('paid', { data: { installment: { paid_amount: '1009.68' as unknown as number } } }), 'INVALID_PAYLOAD'],
  ])('keeps %s once as a dead letter with the headers that signed it, answers 202, and changes nothing else', async (_, webhook, code) => {
    const delivery = await signed(JSON.stringify(webhook))
    const body_sha256 = createHash('sha256').update(delivery.body).digest('hex')
    expect(await post(delivery)).toEqual({ status: 202, answer: { outcome: 'dead_letter', code, body_sha256 } })
    // QI Tech's retry, signed anew: the same bytes, one dead letter.
    expect((await post(await signed(delivery.body))).status).toBe(202)
    expect(await counts()).toEqual({ ...none, dead_letters: 1 })
    const [letter] = await receiver.query<{ code: string; body: Uint8Array; headers: Record<string, string>; path: string }>(
      'SELECT code, body, headers, path FROM dead_letters',
    )
    expect(letter).toMatchObject({ code, path: PATH, headers: { authorization: delivery.headers.AUTHORIZATION, 'api-client-key': API_CLIENT_KEY } })
    // The exact bytes were kept: replayed into the decoder, they give the same answer.
    expect(Buffer.from(letter.body).toString('utf8')).toBe(delivery.body)
    const replayed = decodeInstallmentWebhook(letter.body)
    expect(replayed._tag === 'Left' && replayed.left.code).toBe(code)
  })

  it('stores a legacy (v1) delivery, keeping the installment as the verified webhook JSON', async () => {
    const [opened] = buildInstallmentLife({ installmentKey: randomUUID() })
    const { headers, body } = await signLegacyTestWebhook({ webhook: opened, privateKey: keys.privateKey, apiClientKey: API_CLIENT_KEY, path: PATH })
    expect((await post({ headers, body })).answer).toMatchObject({ outcome: 'stored' })
    const [delivery] = await receiver.query<{ scheme: string; body: Uint8Array }>('SELECT scheme, body FROM deliveries')
    expect([delivery.scheme, Buffer.from(delivery.body).toString('utf8')]).toEqual(['v1', body])
    const [installment] = await receiver.query<{ body: Uint8Array }>('SELECT body FROM installments')
    expect(JSON.parse(Buffer.from(installment.body).toString('utf8'))).toEqual(opened)
  })

  it('exports stored deliveries and dead letters as captures that the verify command checks', async () => {
    const life = buildInstallmentLife({ installmentKey: randomUUID() })
    for (const webhook of [...life, buildStatusChangeWebhook('unmonitored')]) await deliver(webhook)
    const export_ = async (sql: string) => (await receiver.query<{ capture: string }>(sql)).map((row) => `${row.capture}\n`).join('')
    const captures = join(scratch, `captures-${server}.ndjson`)
    writeFileSync(captures, (await export_(CAPTURES_SQL)) + (await export_(CAPTURES_SQL.replace('FROM deliveries', 'FROM dead_letters'))))
    writeFileSync(join(scratch, 'qitech.pem'), keys.publicKey)
    const result = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'verify', '--public-key', join(scratch, 'qitech.pem'), captures], { encoding: 'utf8' })
    expect(result.stdout).toContain(`summary: 1 input, ${life.length + 1} payloads: ${life.length} ok, 1 failed`)
    expect(result.stdout).toContain('UNKNOWN_STATUS')
  })

  it('answers 401 to a delivery whose body was changed after signing, and stores nothing', async () => {
    const delivery = await signed(JSON.stringify(buildInstallmentLife().at(-1)))
    const sent = await post({ ...delivery, body: delivery.body.replace('"paid"', '"opened"') })
    expect(sent).toEqual({ status: 401, answer: { outcome: 'rejected', code: 'BODY_HASH_MISMATCH' } })
    expect(await counts()).toEqual(none)
    expect(receiver.logs).toEqual([{ outcome: 'rejected', http: 401, code: 'BODY_HASH_MISMATCH', delivery_key: null }])
  })

  it('answers 400 to a POST with neither a body nor a content type, and GET /health 200', async () => {
    const response = await fetch(`${receiver.url}${PATH}`, { method: 'POST' })
    expect([response.status, await response.json()]).toEqual([400, { outcome: 'no_body', code: 'NO_BODY' }])
    expect((await fetch(`${receiver.url}/health`)).status).toBe(200)
  })

  it('answers 500 when its own storage fails, so QI Tech retries, and books the retry once storage is back', async () => {
    const [, , partial] = buildInstallmentLife({ partialPayments: 1 })
    const delivery = await signed(JSON.stringify(partial))
    await receiver.query('ALTER TABLE payments RENAME TO payments_away')
    try {
      expect((await post(delivery)).status).toBe(500)
    } finally {
      await receiver.query('ALTER TABLE payments_away RENAME TO payments')
    }
    // The failed transaction left nothing behind, so the retry is not taken for a duplicate.
    expect(await count('deliveries')).toBe(0)
    expect((await post(delivery)).status).toBe(200)
    expect(await counts()).toEqual({ ...none, deliveries: 1, installments: 1, payments: 1 })
    expect(receiver.logs.map((line) => [line.outcome, line.http])).toEqual([
      ['error', 500],
      ['stored', 200],
    ])
  })

  it.each(['40001', '40P01'])('runs a transaction again when PostgreSQL aborts it with %s, and stores the delivery once', async (code) => {
    // A sequence is not rolled back with the transaction: the trigger fails the first two attempts only.
    await receiver.query('CREATE SEQUENCE injected_failures')
    await receiver.query(`CREATE FUNCTION fail_twice() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('injected_failures') <= 2 THEN RAISE EXCEPTION 'injected' USING ERRCODE = '${code}'; END IF; RETURN NEW; END $$`)
    await receiver.query('CREATE TRIGGER fail_twice BEFORE INSERT ON installments FOR EACH ROW EXECUTE FUNCTION fail_twice()')
    try {
      expect((await deliver(buildInstallmentLife()[0])).answer).toMatchObject({ outcome: 'stored' })
    } finally {
      await receiver.query('DROP TRIGGER fail_twice ON installments')
      await receiver.query('DROP FUNCTION fail_twice')
      await receiver.query('DROP SEQUENCE injected_failures')
    }
    expect(await counts()).toEqual({ ...none, deliveries: 1, installments: 1 })
  })

  it('writes one log line per delivery that holds no amount, body or header', async () => {
    const life = buildInstallmentLife({ partialPayments: 1 })
    for (const webhook of life) await deliver(webhook)
    expect(receiver.logs).toHaveLength(life.length)
    const text = JSON.stringify(receiver.logs)
    for (const webhook of life) for (const p of webhook.data.installment.installment_payment ?? []) expect(text).not.toContain(String(p.paid_amount))
    expect(Object.keys(receiver.logs[0]).sort()).toEqual(['code', 'delivery_key', 'http', 'outcome'])
  })
})

describe('the receiver program (examples/receiver.ts)', () => {
  const runMain = (env: Record<string, string | undefined>) =>
    spawnSync(process.execPath, [join(scratch, 'main.cjs')], { env: { ...baseEnv, ...env }, encoding: 'utf8', timeout: 60_000 })

  it('refuses to start without QITECH_PUBLIC_KEYS, saying which variable to set, and exits 1', () => {
    const result = runMain({ QITECH_PUBLIC_KEYS: undefined })
    expect([result.status, result.stdout]).toEqual([1, ''])
    expect(result.stderr).toBe("receiver: QITECH_PUBLIC_KEYS is not set: give QI Tech's public key (PEM), or several, one after the other\n")
  })

  it('refuses to start with a key that is not a PEM public key, naming the variable, and exits 1', () => {
    const result = runMain({ QITECH_PUBLIC_KEYS: 'not a key' })
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/^receiver: QITECH_PUBLIC_KEYS: .*INVALID_OPTIONS: publicKeys\[0\] is not a PEM public key/)
  })

  it('serves on PGlite with its keys given as one variable with literal \\n, prints where it listens, and exits 0 on SIGTERM', async () => {
    const other = (await generateTestKeyPair()).publicKey
    const child = fork(join(scratch, 'main.cjs'), {
      env: { ...baseEnv, PORT: '0', QITECH_PUBLIC_KEYS: `${other}${keys.publicKey}`.replace(/\n/g, '\\n') },
      silent: true,
    })
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.once('data', (chunk: Buffer) => resolve(/^listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(chunk.toString())?.[1] ?? chunk.toString()))
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)))
    })
    const delivery = await signed(JSON.stringify(buildInstallmentLife()[0]))
    const response = await fetch(`${url}${PATH}`, { method: 'POST', headers: delivery.headers, body: delivery.body })
    expect(response.status).toBe(200)
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 60_000)

  if (SERVER_URL) {
    it('on SIGTERM stops taking connections, answers the request in flight, then exits 0', async () => {
      const schema = `qitech_receiver_drain_${process.pid}_${Date.now()}`
      const databaseUrl = inSchema(SERVER_URL, schema)
      await onServer((client) => client.query(`CREATE SCHEMA ${schema}`))
      const child = fork(join(scratch, 'main.cjs'), { env: { ...baseEnv, PORT: '0', DATABASE_URL: databaseUrl }, silent: true })
      const locker = new Client({ connectionString: databaseUrl })
      try {
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout?.once('data', (chunk: Buffer) => resolve(/listening on (\S+)/.exec(chunk.toString())?.[1] ?? ''))
          child.once('exit', (code) => reject(new Error(`exited with ${code}`)))
        })
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
        const life = buildInstallmentLife({ installmentKey: randomUUID() })
        const send = async (webhook: object) => {
          const { headers, body } = await signed(JSON.stringify(webhook))
          return fetch(`${url}${PATH}`, { method: 'POST', headers, body })
        }
        expect((await send(life[0])).status).toBe(200)
        // Hold the installment's row: the next delivery's transaction waits for it, in flight.
        await locker.connect()
        await locker.query('BEGIN')
        await locker.query('SELECT 1 FROM installments FOR UPDATE')
        const inFlight = send(life[1])
        const waiting = "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT body FROM installments%'"
        // Read through another connection: a transaction sees pg_stat_activity as of its first look.
        while ((await onServer((watcher) => watcher.query<{ n: number }>(waiting))).rows[0].n === 0) await new Promise((resolve) => setImmediate(resolve))
        child.kill('SIGTERM')
        // Once the receiver is closing, a new request gets 503 (Fastify's answer while closing) or cannot connect.
        while (await fetch(`${url}/health`).then((response) => response.status === 200, () => false)) await new Promise((resolve) => setImmediate(resolve))
        await locker.query('COMMIT')
        expect((await inFlight).status).toBe(200)
        expect(await exited).toBe(0)
        const [row] = (await locker.query<{ status: string }>('SELECT status FROM installments')).rows
        expect(row.status).toBe('waiting_payment')
      } finally {
        child.kill('SIGKILL')
        await locker.end()
        await onServer((client) => client.query(`DROP SCHEMA ${schema} CASCADE`))
      }
    }, 60_000)

    it('creates its tables once when three processes start at once on one server', async () => {
      const schema = `qitech_receiver_start_${process.pid}_${Date.now()}`
      await onServer((client) => client.query(`CREATE SCHEMA ${schema}`))
      try {
        const started = await Promise.all([1, 2, 3].map(() => startHarness({ DATABASE_URL: inSchema(SERVER_URL, schema) })))
        await Promise.all(started.map((r) => r.stop()))
        const tables = await onServer((client) =>
          client.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]),
        )
        expect(tables.rows.map((row) => row.name)).toEqual([...TABLES].sort())
      } finally {
        await onServer((client) => client.query(`DROP SCHEMA ${schema} CASCADE`))
      }
    }, 60_000)
  }
})
