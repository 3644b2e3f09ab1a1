// `npm run demo`: starts the reference receiver (.receiver/main.js, built from examples/receiver.ts) on an embedded
// PGlite database with a test key of its own, sends it signed deliveries over HTTP as QI Tech would, stops it, prints
// its tables, and exits 0 only when they hold what the deliveries imply.
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import {
  buildBankSlipUpdateWebhook,
  buildInstallmentLife,
  buildStatusChangeWebhook,
  type TestKeyPair,
  generateTestKeyPair,
  signLegacyTestWebhook,
  signTestWebhook,
} from 'qitech-installment-webhooks/testing'

const PATH = '/webhooks/qitech'
const API_CLIENT_KEY = '20d6a816-9d21-4e29-bbe5-2ffb3baacfe9'
const INSTALLMENT = 'b2c4e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f'
const LEGACY_INSTALLMENT = '7d1e5a90-3c2b-4f6e-9a8d-5b4c3d2e1f00'
const out = (line = '') => void process.stdout.write(`${line}\n`)

let keys: TestKeyPair
const dataDir = mkdtempSync(join(tmpdir(), 'qitech-demo-'))

/** Starts the receiver and resolves to its address once it prints `listening on ...`. */
const startReceiver = (): Promise<{ child: ChildProcess; url: string }> => {
  const entry = process.env.QITECH_DEMO_RECEIVER ?? join(__dirname, 'main.js')
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', PGLITE_DIR: dataDir, QITECH_PUBLIC_KEYS: keys.publicKey, QITECH_LEGACY: 'true', QITECH_API_CLIENT_KEY: API_CLIENT_KEY }
  delete env.DATABASE_URL
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => {
      const url = /^listening on (\S+)/.exec(chunk.toString())?.[1]
      if (url === undefined) reject(new Error(`the receiver printed ${JSON.stringify(chunk.toString())}`))
      else resolve({ child, url })
    })
    child.once('exit', (code) => reject(new Error(`the receiver exited with ${code}`)))
  })
}

/** A seeded shuffle (mulberry32): the demo sends the same order every time. */
const shuffled = <T>(items: ReadonlyArray<T>, seed: number): T[] => {
  let state = seed
  const random = (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j], copy[i]]
  }
  return copy
}

interface Delivery {
  readonly label: string
  readonly expected: number
  readonly send: () => Promise<{ headers: Record<string, string>; body: string }>
}

const signed = (label: string, webhook: object, expected = 200, tamper?: (body: string) => string): Delivery => ({
  label,
  expected,
  send: async () => {
    const body = JSON.stringify(webhook)
    const headers = await signTestWebhook({ body, privateKey: keys.privateKey, path: PATH, apiClientKey: API_CLIENT_KEY })
    return { headers, body: tamper ? tamper(body) : body }
  },
})

// One installment's life with two partial payments, every delivery once and three of them twice, shuffled.
const life = buildInstallmentLife({ installmentKey: INSTALLMENT, partialPayments: [250, 300.5] })
const lifeDeliveries = life.map((webhook, index) => signed(`${webhook.data.status} #${index + 1}`, webhook))
const update = buildBankSlipUpdateWebhook()
const legacy = buildInstallmentLife({ installmentKey: LEGACY_INSTALLMENT })[0]
const deliveries: Delivery[] = shuffled(
  [
    ...lifeDeliveries,
    lifeDeliveries[4],
    lifeDeliveries[2],
    lifeDeliveries[0],
    signed('bank-slip update', update),
    signed('status "unmonitored", unknown to this version', buildStatusChangeWebhook('unmonitored'), 202),
    signed('paid, its amount changed after signing', life[4], 401, (body) => body.replace('"paid_amount":459.18', '"paid_amount":1459.18')),
    {
      label: 'opened, legacy (v1) scheme',
      expected: 200,
      send: () => signLegacyTestWebhook({ webhook: legacy, privateKey: keys.privateKey, apiClientKey: API_CLIENT_KEY, path: PATH }),
    },
  ],
  20_260_101,
)

/** Prints rows as an aligned table under `title`. */
const printTable = (title: string, rows: ReadonlyArray<Record<string, unknown>>) => {
  out(`\n${title} (${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`)
  if (rows.length === 0) return
  const columns = Object.keys(rows[0])
  const cells = [columns, ...rows.map((row) => columns.map((column) => String(row[column] ?? 'null')))]
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i].length)))
  for (const line of cells) out(`  ${line.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd())
}

// What differs from what the deliveries imply, one line each.
const failures: string[] = []

const main = async (): Promise<void> => {
  keys = await generateTestKeyPair()
  const receiver = await startReceiver()
  out(`receiver: ${receiver.url}, on PGlite in ${dataDir}`)
  out(`\nsending ${deliveries.length} deliveries:`)
  for (const delivery of deliveries) {
    const { headers, body } = await delivery.send()
    const response = await fetch(`${receiver.url}${PATH}`, { method: 'POST', headers, body })
    const answer = (await response.json()) as { outcome: string; code?: string }
    out(`  ${String(response.status)} ${answer.outcome.padEnd(11)} ${delivery.label}${answer.code ? ` (${answer.code})` : ''}`)
    if (response.status !== delivery.expected) failures.push(`${delivery.label}: answered ${response.status}, expected ${delivery.expected}`)
  }
  // SIGTERM: the receiver finishes what it is doing and closes its database, which the demo then opens.
  const exited = new Promise((resolve) => receiver.child.once('exit', resolve))
  receiver.child.kill('SIGTERM')
  await exited

  const db = await PGlite.create(dataDir)
  try {
    const rows = async (sql: string) => (await db.query<Record<string, unknown>>(sql)).rows
    const short = (column: string) => `left(${column}, 12) || '…' AS ${column}`
    const installments = await rows(`SELECT installment_key, status, ${short('delivery_key')} FROM installments ORDER BY installment_key`)
    const payments = await rows(
      'SELECT installment_payment_key, installment_key, amount_minor::text AS amount_minor, paid_at FROM payments ORDER BY paid_at',
    )
    const charges = await rows(
      `SELECT installment_key, due_date, charge->>'total_amount' AS total_amount, ${short('delivery_key')} FROM charges ORDER BY installment_key`,
    )
    const deadLetters = await rows(`SELECT code, status, ${short('body_sha256')} FROM dead_letters`)
    const stored = await rows(`SELECT ${short('delivery_key')}, scheme, status FROM deliveries ORDER BY received_at`)
    const reviews = await rows('SELECT reason, installment_key FROM payment_reviews')
    printTable('deliveries', stored)
    printTable('installments', installments)
    printTable('payments', payments)
    printTable('payment_reviews', reviews)
    printTable('charges', charges)
    printTable('dead_letters', deadLetters)

    // What the deliveries imply.
    const paid = life[life.length - 1].data.installment
    const expectedPayments = (paid.installment_payment ?? []).map((p) => `${p.installment_payment_key}=${Math.round((p.paid_amount ?? 0) * 100)}`)
    const expect = (what: string, actual: unknown, wanted: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(wanted)) failures.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`)
    }
    const unknown = createHash('sha256').update(JSON.stringify(buildStatusChangeWebhook('unmonitored'))).digest('hex')
    expect('installments', installments.map((row) => [row.installment_key, row.status]), [[INSTALLMENT, 'paid'], [LEGACY_INSTALLMENT, 'opened']].sort())
    expect('payments', payments.map((row) => `${row.installment_payment_key}=${row.amount_minor}`).sort(), expectedPayments.sort())
    expect('payments total', payments.reduce((sum, row) => sum + Number(row.amount_minor), 0), Math.round((paid.total_amount ?? 0) * 100))
    expect('payment_reviews', reviews.length, 0)
    expect('charges', charges.map((row) => row.installment_key), update.data.installments.map((charge) => charge.installment_key).sort())
    expect('dead_letters', deadLetters.map((row) => [row.code, row.body_sha256]), [['UNKNOWN_STATUS', `${unknown.slice(0, 12)}…`]])
    expect('deliveries', stored.length, life.length + 2)
  } finally {
    await db.close()
  }
}

main()
  .catch((error: Error) => void failures.push(error.message))
  .finally(() => {
    rmSync(dataDir, { recursive: true, force: true })
    out()
    for (const failure of failures) out(`demo: FAILED: ${failure}`)
    if (failures.length === 0) {
      out('demo: ok: the installment is paid, its 3 payments are booked once each with their exact amounts, the charges are stored, the unknown status is a dead letter and the tampered delivery was refused')
    }
    process.exitCode = failures.length === 0 ? 0 : 1
  })
