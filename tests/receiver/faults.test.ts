import { Client } from 'pg'
import { type TestKeyPair, generateTestKeyPair } from 'qitech-installment-webhooks/testing'
import { installmentsNotAtLastState, paymentLists, paymentTotals, readTables, type Tables } from './checker'
import {
  type LogLine,
  type ReceiverProcess,
  type TestDatabase,
  buildReceiverEntry,
  restartServer,
  serverUrl,
  startReceiver,
  stopReceiver,
  testDatabase,
} from './harness'
import { type Installment, buildPortfolio, deliveryStream } from './portfolio'
import { type Attempt, RETRIES, RETRY_SPACING_MS, type Sent, isAcknowledged, qitechSender, until } from './qitech-sender'

// The reference receiver (examples/receiver.ts, as `npm run receiver` runs it) scaled out and under faults. On a
// PostgreSQL server (`.ci/run` starts one; see harness.ts), three receiver processes share one database while one of
// them is killed with SIGKILL and restarted, the server is restarted, a transaction is aborted for a deadlock, and
// deliveries queue behind a held row lock; without a server, one process runs on PGlite and is killed and
// restarted. The figures of each run are printed, never asserted.

const onServer = serverUrl !== undefined
const RECEIVERS = onServer ? 3 : 1
const CONCURRENCY = 8 * RECEIVERS
// QI Tech's 5 minutes between retries, compressed; a lone PGlite receiver killed with SIGKILL leaves nobody to answer
// for the 2 to 3 s it takes to start again (15 minutes of QI Tech's retries in production), so there they are 2 s.
const RETRY_SPACING = onServer ? RETRY_SPACING_MS : 2000
let keys: TestKeyPair
let entry = ''
let removeEntry = () => {}

beforeAll(async () => {
  keys = await generateTestKeyPair()
  ;({ entry, remove: removeEntry } = await buildReceiverEntry())
}, 180_000)
afterAll(() => removeEntry())

const report = (lines: string[]) => process.stdout.write(`\n${lines.join('\n')}\n`)

/** Receivers on one fresh database, and what they logged. */
const startReceivers = async (count: number) => {
  const db = await testDatabase()
  const env = { ...db.env, QITECH_PUBLIC_KEYS: keys.publicKey }
  const lines: LogLine[] = []
  // Started at once: creating the tables must be safe when several processes start together.
  const receivers = await Promise.all(Array.from({ length: count }, () => startReceiver(entry, env, lines)))
  return { db, env, lines, receivers }
}

/**
 * Stops every receiver with SIGTERM; resolves to what each one that had died before, or did not exit 0 after
 * draining, wrote to standard error.
 */
const stopAll = async (receivers: ReceiverProcess[]): Promise<string[]> => {
  const died = receivers.filter((receiver) => receiver.child.exitCode !== null || receiver.child.signalCode !== null)
  await Promise.all(receivers.map((receiver) => stopReceiver(receiver)))
  const failed = receivers.filter((receiver) => died.includes(receiver) || receiver.child.exitCode !== 0)
  return failed.map((receiver) => `exit ${receiver.child.exitCode ?? receiver.child.signalCode}: ${receiver.stderr()}`)
}

const firstAcknowledged = (sent: Sent) => sent.attempts.findIndex(isAcknowledged) + 1

/** A window of time during a fault; failed attempts that ended inside it are put down to the fault. */
interface Window {
  readonly start: number
  end: number
}
const within = (attempt: Attempt, window: Window | undefined, slackMs = 0) =>
  window !== undefined && attempt.endedAt >= window.start && attempt.endedAt <= window.end + slackMs

type Sender = ReturnType<typeof qitechSender>

/** A session of the suite's own that holds an installment's row lock, as a slow transaction would. */
const holdInstallment = async (db: TestDatabase, installmentKey: string) => {
  const holder = new Client({ connectionString: db.url })
  await holder.connect()
  await holder.query('BEGIN')
  // This session looks for a deadlock only after 10 minutes: in any deadlock, a receiver's backend finds it first.
  await holder.query("SET LOCAL deadlock_timeout = '10min'")
  await holder.query('SELECT 1 FROM installments WHERE installment_key = $1 FOR UPDATE', [installmentKey])
  const release = async () => {
    await holder.query('ROLLBACK')
    await holder.end()
  }
  return { holder, release }
}

/** Sends `body` and returns the send, and a flag that turns true once it was answered for good. */
const sendTracked = (sender: Sender, body: string, first: number) => {
  const tracked = { answered: false, sent: sender.send(body, first) }
  void tracked.sent.finally(() => (tracked.answered = true))
  return tracked
}

/**
 * Makes PostgreSQL abort the receiver's transaction for a deadlock, for real: this session locks the installment's
 * row, the receiver claims the delivery (holding the deliveries table in ROW EXCLUSIVE mode) and waits for that row,
 * and this session then asks for the deliveries table in SHARE mode, which waits for the receiver. The receiver's
 * backend finds the deadlock (after the server's deadlock_timeout) and its transaction is aborted with 40P01.
 */
const provokeDeadlock = async (db: TestDatabase, sender: Sender, installment: Installment) => {
  const [opened, next, ...rest] = installment.deliveries
  const sent = [await sender.send(opened.body, 0)]
  const { holder, release } = await holdInstallment(db, installment.key)
  const caught = sendTracked(sender, next.body, 1)
  let receiverHeldClaim: boolean
  try {
    let blocked: number | undefined
    await until(async () => {
      const waiting = await holder.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))')
      blocked = waiting.rows[0]?.pid
      return blocked !== undefined || caught.answered
    })
    const claim = await holder.query(
      "SELECT 1 FROM pg_locks WHERE pid = $1 AND relation = 'deliveries'::regclass AND mode = 'RowExclusiveLock' AND granted",
      [blocked ?? null],
    )
    receiverHeldClaim = claim.rows.length === 1
    // Returns once the receiver's transaction is gone: PostgreSQL aborted it, since it waits for this session.
    if (receiverHeldClaim) await holder.query('LOCK TABLE deliveries IN SHARE MODE')
  } finally {
    await release()
  }
  sent.push(await caught.sent)
  for (const delivery of rest) sent.push(await sender.send(delivery.body, 2))
  return { caught: sent[1], receiverHeldClaim, sent }
}

/**
 * Queues an installment's deliveries, the newest first, behind a transaction of this session that holds the
 * installment's row (a slow report, say), then lets them go: a receiver that does not read the row again under its
 * lock applies the older one last. Run once no other delivery is in flight, so that every waiting backend is one of
 * these.
 */
const queueBehindRowLock = async (db: TestDatabase, sender: Sender, installment: Installment) => {
  const [opened, ...later] = installment.deliveries.filter((delivery) => delivery.kind === 'status')
  const sent = [await sender.send(opened.body, 0)]
  const { holder, release } = await holdInstallment(db, installment.key)
  const queued: Array<ReturnType<typeof sendTracked>> = []
  try {
    for (const delivery of later.reverse()) {
      queued.push(sendTracked(sender, delivery.body, queued.length))
      await until(async () => {
        const waiting = await holder.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0',
        )
        return waiting.rows[0].n >= queued.length || queued.some((delivery) => delivery.answered)
      })
    }
  } finally {
    await release()
  }
  for (const delivery of queued) sent.push(await delivery.sent)
  for (const delivery of installment.deliveries.filter((d) => d.kind !== 'status')) sent.push(await sender.send(delivery.body, 0))
  return sent
}

describe(`the reference receiver, ${RECEIVERS} process${RECEIVERS > 1 ? 'es' : ''} on ${onServer ? 'a PostgreSQL server' : 'PGlite'}, under faults`, () => {
  const portfolio = buildPortfolio(241, 20)
  // On a server, the first installment's deliveries meet the deadlock and the second's queue behind a row lock; on
  // PGlite, both are sent last.
  const [deadlocked, queuedBehindLock, ...streamed] = portfolio.installments
  const stream = deliveryStream(streamed, 21)
  let sent: Sent[] = []
  let tables: Tables
  let db: TestDatabase
  let lines: LogLine[] = []
  const killed = RECEIVERS - 1
  let kill: Window | undefined
  let restart: Window | undefined
  let deadlock: { caught: Sent; receiverHeldClaim: boolean; deadlocks: number } | undefined
  let elapsedMs = 0
  let begun = 0
  let crashes: string[] = []

  beforeAll(async () => {
  keys = await generateTestKeyPair()
    const started = await startReceivers(RECEIVERS)
    db = started.db
    lines = started.lines
    const receivers = started.receivers
    const sender = qitechSender(
      receivers.map((receiver) => receiver.url),
      keys.privateKey,
      RETRY_SPACING,
    )
    try {
      begun = Date.now()
      let streaming = true
      const sending = sender.sendAll(stream, CONCURRENCY).finally(() => (streaming = false))
      const progress = (share: number) => () => !streaming || sender.completed() >= stream.length * share
      const faults = async (): Promise<Sent[]> => {
        await until(() => progress(0.2)() && (!streaming || sender.inFlight(killed) > 0))
        kill = { start: Date.now(), end: 0 }
        await stopReceiver(receivers[killed], 'SIGKILL')
        // Restarted on its port, as a process manager would: requests meanwhile are refused, then retried.
        receivers[killed] = await startReceiver(entry, { ...started.env, PORT: String(receivers[killed].port) }, lines)
        kill.end = Date.now()
        if (!onServer) return []
        await until(progress(0.45))
        restart = { start: Date.now(), end: 0 }
        await restartServer()
        restart.end = Date.now()
        await until(progress(0.7))
        const before = await db.query<{ deadlocks: string }>('SELECT deadlocks::text FROM pg_stat_database WHERE datname = current_database()')
        const provoked = await provokeDeadlock(db, sender, deadlocked)
        const after = await db.query<{ deadlocks: string }>('SELECT deadlocks::text FROM pg_stat_database WHERE datname = current_database()')
        deadlock = { ...provoked, deadlocks: Number(after[0].deadlocks) - Number(before[0].deadlocks) }
        return provoked.sent
      }
      const [streamedSent, faultSent] = await Promise.all([sending, faults()])
      const lastSent = onServer
        ? await queueBehindRowLock(db, sender, queuedBehindLock)
        : await sender.sendAll([...deadlocked.deliveries, ...queuedBehindLock.deliveries].map((delivery) => delivery.body), 1)
      sent = [...streamedSent, ...faultSent, ...lastSent]
      elapsedMs = Date.now() - begun
    } finally {
      // Also when a fault failed, so that no receiver outlives the suite.
      crashes = await stopAll(receivers)
    }
    tables = await readTables(db)
  }, 600_000)

  afterAll(async () => {
    await db?.drop()
  })

  it('acknowledges every delivery 2xx within QI Tech’s three retries', () => {
    expect(sent.length).toBeGreaterThanOrEqual(1500)
    expect(sent.filter((delivery) => !isAcknowledged(delivery.attempts.at(-1))).map((delivery) => delivery.attempts)).toEqual([])
    expect(Math.max(...sent.map((delivery) => delivery.attempts.length))).toBeLessThanOrEqual(1 + RETRIES)
  })

  it('keeps every receiver process up until it is stopped, and each one drains and exits 0 on SIGTERM', () => {
    expect(crashes).toEqual([])
  })

  it('ends every installment at the last state of its life, status and webhook', () => {
    expect(installmentsNotAtLastState(portfolio, tables)).toEqual([])
    expect(tables.installments).toHaveLength(portfolio.installments.length)
  })

  it('books every payment exactly once, with its exact amount in centavos (count and sum)', () => {
    const { booked, made } = paymentLists(portfolio, tables)
    expect(booked).toEqual(made)
    expect(paymentTotals(tables)).toEqual({ count: portfolio.expected.payments, sumMinor: String(portfolio.expected.paymentsMinor) })
  })

  it('keeps every delivery of an unknown status as one dead letter, UNKNOWN_STATUS', () => {
    const unknown = new Set(portfolio.installments.flatMap((i) => i.deliveries).filter((d) => d.kind === 'unknown').map((d) => d.body))
    expect(tables.deadLetters.map((letter) => letter.code)).toEqual([...unknown].map(() => 'UNKNOWN_STATUS'))
    expect(new Set(tables.deadLetters.map((letter) => letter.body))).toEqual(unknown)
  })

  it('writes nothing else: one row per distinct delivery, every charge once, no payment review, no other table', () => {
    expect(tables.tables).toEqual(['charges', 'dead_letters', 'deliveries', 'installments', 'payment_reviews', 'payments'])
    expect(tables.deliveries).toBe(portfolio.expected.deliveries)
    expect(tables.charges).toHaveLength(portfolio.expected.charges)
    expect(new Set(tables.charges.map((charge) => charge.installment_key)).size).toBe(portfolio.expected.charges)
    expect(tables.paymentReviews).toBe(0)
  })

  it('processes each delivery once: of all the copies and retries answered 2xx, at most one is not a duplicate', () => {
    const processed = new Map<string, number>()
    for (const attempt of sent.flatMap((delivery) => delivery.attempts)) {
      const { delivery_key: key, outcome } = attempt.answer ?? {}
      if (isAcknowledged(attempt) && key !== undefined && outcome !== 'duplicate') processed.set(key, (processed.get(key) ?? 0) + 1)
    }
    expect([...processed].filter(([, times]) => times > 1)).toEqual([])
    expect(processed.size).toBeGreaterThan(0)
  })

  it('was killed with SIGKILL while answering, and every request it dropped was retried to 2xx', () => {
    const dropped = sent.filter((delivery) => delivery.attempts.some((attempt) => attempt.target === killed && within(attempt, kill, 1000) && attempt.error))
    expect(dropped.length).toBeGreaterThan(0)
    expect(dropped.every((delivery) => isAcknowledged(delivery.attempts.at(-1)))).toBe(true)
  })

  if (onServer) {
    it('answered 500 while the PostgreSQL server restarted, and every such delivery was retried to 2xx', () => {
      const failed = sent.filter((delivery) => delivery.attempts.some((attempt) => attempt.status === 500 && within(attempt, restart, 1000)))
      expect(failed.length).toBeGreaterThan(0)
      expect(failed.every((delivery) => isAcknowledged(delivery.attempts.at(-1)))).toBe(true)
    })

    it('retries a transaction PostgreSQL aborted for a deadlock, and answers that delivery 2xx at its first attempt', () => {
      expect(deadlock?.receiverHeldClaim).toBe(true)
      expect(deadlock?.caught.attempts.map((attempt) => attempt.status)).toEqual([200])
      expect(deadlock?.caught.attempts[0].answer?.outcome).toBe('stored')
    })

    it('keeps the newest state when deliveries of one installment queued behind its row lock, the newest first', () => {
      const row = tables.installments.find((installment) => installment.installment_key === queuedBehindLock.key)
      expect(row?.status).toBe(queuedBehindLock.last.data.status)
    })
  }

  afterAll(() => {
    if (sent.length === 0) return
    const attempts = sent.flatMap((delivery) => delivery.attempts)
    const failed = attempts.filter((attempt) => !isAcknowledged(attempt))
    // A second's slack after each fault: a connection kept alive to the killed process fails on its next use.
    const bySigkill = failed.filter((attempt) => attempt.target === killed && within(attempt, kill, 1000))
    const byRestart = failed.filter((attempt) => !bySigkill.includes(attempt) && within(attempt, restart, 1000))
    const other = failed.filter((attempt) => !bySigkill.includes(attempt) && !byRestart.includes(attempt))
    const byFault = { sigkill: bySigkill.length, serverRestart: byRestart.length }
    const acknowledgedAt = [1, 2, 3, 4].map((n) => sent.filter((delivery) => firstAcknowledged(delivery) === n).length)
    report([
      `fault suite (${RECEIVERS} receiver${RECEIVERS > 1 ? 's' : ''}, ${onServer ? 'PostgreSQL server' : 'PGlite'}):`,
      `  deliveries sent ${sent.length} (${portfolio.installments.length} installments), attempts ${attempts.length}, retries ${attempts.length - sent.length}`,
      `  retries by fault: SIGKILL ${byFault.sigkill}, server restart ${byFault.serverRestart}, other ${other.length}` +
        (deadlock ? `; deadlock: 0 by QI Tech, aborted transactions ${deadlock.deadlocks} (pg_stat_database.deadlocks)` : ''),
      `  2xx at attempt 1/2/3/4: ${acknowledgedAt.join('/')}; never: ${sent.length - acknowledgedAt.reduce((a, b) => a + b, 0)}`,
      `  failed attempts: ${JSON.stringify(countBy(failed.map((attempt) => String(attempt.status ?? attempt.error))))}`,
      `  other failed attempts: ${JSON.stringify(other.map(({ target, status, error, endedAt }) => ({ target, failure: status ?? error, afterStartMs: endedAt - begun })))}`,
      `  faults after start (ms): SIGKILL ${kill ? `${kill.start - begun}..${kill.end - begun}` : '-'}, server restart ${restart ? `${restart.start - begun}..${restart.end - begun}` : '-'}`,
      `  tables: deliveries ${tables.deliveries}, installments ${tables.installments.length}, payments ${paymentTotals(tables).count} summing ${paymentTotals(tables).sumMinor} centavos, charges ${tables.charges.length}, dead letters ${tables.deadLetters.length}, payment reviews ${tables.paymentReviews}`,
      `  expected: ${JSON.stringify(portfolio.expected)}`,
      `  outcomes logged: ${JSON.stringify(countBy(lines.map((line) => String(line.outcome))))}`,
      `  ${(sent.length / (elapsedMs / 1000)).toFixed(0)} deliveries/s over ${(elapsedMs / 1000).toFixed(1)} s, faults included`,
    ])
  })
})

const countBy = (values: string[]) => values.reduce<Record<string, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {})

describe('throughput, without faults (printed, not asserted)', () => {
  const portfolio = buildPortfolio(60, 30, 'bench')
  const stream = deliveryStream(portfolio.installments, 31)

  it.each(onServer ? [1, 3] : [1])('holds what the lives imply after the same portfolio is sent to %i receiver(s)', async (count) => {
    const { db, receivers } = await startReceivers(count)
    try {
      const sender = qitechSender(
        receivers.map((receiver) => receiver.url),
        keys.privateKey,
      )
      const begun = Date.now()
      const sent = await sender.sendAll(stream, 8 * count)
      const seconds = (Date.now() - begun) / 1000
      expect(await stopAll(receivers)).toEqual([])
      report([`throughput: ${count} receiver(s), ${sent.length} deliveries in ${seconds.toFixed(1)} s: ${(sent.length / seconds).toFixed(0)} deliveries/s`])
      expect(sent.every((delivery) => isAcknowledged(delivery.attempts.at(-1)))).toBe(true)
      const tables = await readTables(db)
      expect(installmentsNotAtLastState(portfolio, tables)).toEqual([])
      expect(paymentTotals(tables)).toEqual({ count: portfolio.expected.payments, sumMinor: String(portfolio.expected.paymentsMinor) })
    } finally {
      await stopAll(receivers)
      await db.drop()
    }
  }, 300_000)
})
