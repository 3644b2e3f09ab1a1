// The bodies the benchmark decodes: QI Tech's two seed examples as published, a long status change, a bank-slip
// update of 10,000 charges, a body broken deep inside and a body with an unknown status. The large bodies are built
// from the fixtures with deterministic values and serialised compactly, as a sender would.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** One benchmark body. */
export interface BenchInput {
  /** Short stable name, used as the key in the JSON results. */
  readonly id: string
  /** What the body is, for the table. */
  readonly title: string
  /** The raw body as received. */
  readonly text: string
  /** Whether every contender must accept it. */
  readonly valid: boolean
  /** For an invalid body: the valid body of the same shape its failure path is compared with. */
  readonly successBaseline?: string
}

type Json = Record<string, any>

const EVENT_COUNT = 10
const PAYMENT_COUNT = 5
const LARGE_INSTALLMENT_COUNT = 10_000

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

// A UUID-shaped key that differs per index, so the large body is not one string repeated.
const keyFor = (prefix: string, n: number): string => `${prefix}-${pad(n % 10_000, 4)}-4${pad(n % 1000, 3)}-8${pad(n % 997, 3)}-${pad(n, 12)}`

const isoDay = (start: Date, plusDays: number): Date => new Date(start.getTime() + plusDays * 86_400_000)
const dateOf = (d: Date): string => d.toISOString().slice(0, 10)
const dateTimeOf = (d: Date): string => d.toISOString().slice(0, 19)

const longStatusChange = (template: Json): Json => {
  const body = structuredClone(template)
  const installment = body.data.installment
  const [openEvent, paymentEvent] = installment.events
  const [payment] = installment.installment_payment
  const start = new Date('2022-09-27T07:03:35Z')
  installment.events = Array.from({ length: EVENT_COUNT }, (_, i) => {
    const at = isoDay(start, i * 3)
    const event = structuredClone(i === 0 ? openEvent : paymentEvent)
    event.amount = i === 0 ? null : Math.round(100_000 + i * 1_234.5678) / 1_000
    event.created_at = dateTimeOf(at)
    event.event_date = dateTimeOf(at)
    return event
  })
  installment.installment_payment = Array.from({ length: PAYMENT_COUNT }, (_, i) => {
    const next = structuredClone(payment)
    next.installment_payment_key = keyFor('f03e1fbc', i)
    next.paid_at = dateTimeOf(isoDay(start, 3 + i * 3))
    next.paid_amount = Math.round(200_000 + i * 7_654.321) / 1_000
    return next
  })
  return body
}

const largeBankSlipUpdate = (template: Json): Json => {
  const body = structuredClone(template)
  const [item] = body.data.installments
  const start = new Date('2024-07-17T00:00:00Z')
  body.data.installments = Array.from({ length: LARGE_INSTALLMENT_COUNT }, (_, i) => ({
    ...item,
    installment_key: keyFor('bc60ad8e', i),
    qr_code_key: keyFor('7d20015e', i),
    bank_slip_key: keyFor('5f25e9fd', i),
    principal_amortization_amount: Math.round(14_107_452_576 + i * 1_000_003) / 1e8,
    pre_fixed_amount: Math.round(7_289_547_424 - i * 500_001) / 1e8,
    due_date: dateOf(isoDay(start, i * 30)),
    total_amount: Math.round(21_697 + i * 13) / 100,
  }))
  return body
}

/** Builds the benchmark bodies from the fixtures in `fixturesDir`. */
export const buildInputs = (fixturesDir: string): BenchInput[] => {
  const read = (name: string): string => readFileSync(join(fixturesDir, name), 'utf8')
  const seedPaid = read('seed-paid.json')
  const seedBankSlip = read('seed-bank-slip-update.json')
  const long = longStatusChange(JSON.parse(read('status-paid.json')) as Json)
  const broken = structuredClone(long)
  broken.data.installment.installment_payment[PAYMENT_COUNT - 1].paid_amount = '1009.68'
  const unknownStatus = seedPaid.replace('"status": "paid"', '"status": "canceled"')
  if (unknownStatus === seedPaid) throw new Error('bench: the seed example no longer has "status": "paid"')
  return [
    { id: 'seed-paid', title: 'seed example: paid', text: seedPaid, valid: true },
    { id: 'seed-bank-slip-update', title: 'seed example: bank-slip update', text: seedBankSlip, valid: true },
    {
      id: 'status-change-10-events',
      title: `status change, ${EVENT_COUNT} events, ${PAYMENT_COUNT} payments`,
      text: JSON.stringify(long),
      valid: true,
    },
    {
      id: 'bank-slip-update-10000',
      title: `bank-slip update, ${LARGE_INSTALLMENT_COUNT.toLocaleString('en-US')} installments`,
      text: JSON.stringify(largeBankSlipUpdate(JSON.parse(seedBankSlip) as Json)),
      valid: true,
    },
    {
      id: 'invalid-deep-amount',
      title: `invalid: payment[${PAYMENT_COUNT - 1}].paid_amount is a string`,
      text: JSON.stringify(broken),
      valid: false,
      successBaseline: 'status-change-10-events',
    },
    {
      id: 'unknown-status',
      title: 'invalid: unknown data.status',
      text: unknownStatus,
      valid: false,
      successBaseline: 'seed-paid',
    },
  ]
}
