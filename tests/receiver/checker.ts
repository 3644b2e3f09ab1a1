// Reads the receiver's tables after a run and compares them with what the portfolio's lives imply.
import { isDeepStrictEqual } from 'node:util'
import type { TestDatabase } from './harness'
import type { Portfolio } from './portfolio'

export interface Tables {
  readonly tables: string[]
  readonly installments: Array<{ installment_key: string; status: string; body: string }>
  readonly payments: Array<{ installment_payment_key: string; installment_key: string; amount_minor: string }>
  readonly deliveries: number
  readonly charges: Array<{ installment_key: string; delivery_key: string }>
  readonly paymentReviews: number
  readonly deadLetters: Array<{ code: string; body: string }>
}

/** Everything the checker looks at, read with plain SQL as an operator would. */
export const readTables = async (db: TestDatabase): Promise<Tables> => {
  const [tables, installments, payments, deliveries, charges, paymentReviews, deadLetters] = await db.queryAll([
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    "SELECT installment_key, status, convert_from(body, 'UTF8') AS body FROM installments",
    'SELECT installment_payment_key, installment_key, amount_minor::text FROM payments',
    'SELECT count(*)::int AS n FROM deliveries',
    'SELECT installment_key, delivery_key FROM charges',
    'SELECT count(*)::int AS n FROM payment_reviews',
    "SELECT code, convert_from(body, 'UTF8') AS body FROM dead_letters",
  ])
  const count = (rows: unknown[]) => (rows[0] as { n: number }).n
  return {
    tables: (tables as Array<{ table_name: string }>).map((row) => row.table_name),
    installments: installments as Tables['installments'],
    payments: payments as Tables['payments'],
    deliveries: count(deliveries),
    charges: charges as Tables['charges'],
    paymentReviews: count(paymentReviews),
    deadLetters: deadLetters as Tables['deadLetters'],
  }
}

/** The installments whose row is not the last state of their life (status and webhook), with what was found. */
export const installmentsNotAtLastState = (portfolio: Portfolio, tables: Tables) => {
  const rows = new Map(tables.installments.map((row) => [row.installment_key, row]))
  return portfolio.installments.flatMap((installment) => {
    const row = rows.get(installment.key)
    // Compared as JSON values: the copy that won may have been serialized with its keys in another order.
    const stored = row === undefined ? undefined : (JSON.parse(row.body) as unknown)
    const atLast = row?.status === installment.last.data.status && isDeepStrictEqual(stored, JSON.parse(JSON.stringify(installment.last)))
    return atLast ? [] : [{ installment: installment.key, expected: installment.last.data.installment.updated_at, found: row?.status ?? 'no row' }]
  })
}

/** The payments booked, and the payments the lives made, each as a sorted list of `key amount`. */
export const paymentLists = (portfolio: Portfolio, tables: Tables) => ({
  booked: tables.payments.map((row) => `${row.installment_payment_key} ${row.amount_minor}`).sort(),
  made: portfolio.installments.flatMap((installment) => [...installment.payments].map(([key, minor]) => `${key} ${minor}`)).sort(),
})

/** Count and sum in centavos, as a lender's reconciliation reports them. */
export const paymentTotals = (tables: Tables) => ({
  count: tables.payments.length,
  sumMinor: tables.payments.reduce((sum, row) => sum + BigInt(row.amount_minor), 0n).toString(),
})
