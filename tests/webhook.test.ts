import fc from 'fast-check'
import * as t from 'io-ts'
import { PathReporter } from 'io-ts/PathReporter'
import {
  InstallmentBankSlipUpdateWebhook,
  InstallmentStatusChangeWebhook,
  InstallmentWebhook,
  decodeInstallmentWebhook,
  isInstallmentBankSlipUpdate,
  isInstallmentStatusChange,
} from '../src'
import { isBankSlipUpdateWebhook } from '../src/bank-slip-update'
import { isStatusChangeWebhook } from '../src/status-change'
import { checkEnvelope, isInstallmentWebhookBody } from '../src/webhook'
import {
  REMOVED,
  defineOwn,
  installmentWebhookArbitrary,
  mutatedWebhookArbitrary,
  positionsOf,
  replaceAt,
} from './arbitraries'
import { loadFixture, validFixtureNames } from './fixtures'
import { RUNS_SCALE, propertySettings } from './property-settings'

// The fast path is `isInstallmentWebhookBody`: the hand-written guard of the variant `data.status` chooses. It must
// accept exactly what the io-ts codecs accept: every case below is checked against `codec.decode` of both variants,
// and against the exported codec's own `decode` and `is`.

const variants = [
  { codec: InstallmentStatusChangeWebhook, guard: isStatusChangeWebhook },
  { codec: InstallmentBankSlipUpdateWebhook, guard: isBankSlipUpdateWebhook },
] as const

let casesChecked = 0

/** Throws unless every guard and the webhook codec answer `u` as the io-ts codecs' own `decode` does. */
const expectFastPathEqualsDecode = (u: unknown): boolean => {
  casesChecked++
  let accepted = false
  for (const { codec, guard } of variants) {
    const reference = codec.decode(u)
    if (guard(u) !== (reference._tag === 'Right')) {
      throw new Error(`${codec.name}: the guard says ${guard(u)} for ${JSON.stringify(u)}`)
    }
    if (reference._tag === 'Right') {
      // The codecs never transform, so an accepted body is the input itself.
      expect(reference.right).toBe(u)
      accepted = true
    }
  }
  // The webhook codec adds one rule to its variants': the body itself is a plain object.
  const webhookAccepts = accepted && Object.prototype.toString.call(u) === '[object Object]'
  expect(isInstallmentWebhookBody(u)).toBe(webhookAccepts)
  expect(InstallmentWebhook.is(u)).toBe(webhookAccepts)
  const decoded = InstallmentWebhook.decode(u)
  expect(decoded._tag).toBe(webhookAccepts ? 'Right' : 'Left')
  const result = decodeInstallmentWebhook(u)
  expect(result._tag === 'Right' ? result.right : undefined).toBe(webhookAccepts ? u : undefined)
  return webhookAccepts
}

const valueAt = (root: unknown, segments: ReadonlyArray<string | number>): unknown =>
  segments.reduce<unknown>((node, s) => (node as Record<string | number, unknown>)[s], root)

/** Another JSON type than the value's own. */
const otherType = (value: unknown): unknown => {
  if (typeof value === 'string') return 7
  if (typeof value === 'number') return '7'
  if (typeof value === 'boolean') return 'true'
  if (Array.isArray(value)) return {}
  if (value === null) return 0
  return []
}

/** The issue's list of single-leaf mutations: each position in turn takes each of these. */
const mutationsOf = (value: unknown): ReadonlyArray<unknown> => [
  otherType(value),
  null,
  REMOVED,
  '2023-02-30',
  Infinity, // what JSON.parse makes of 1e400
  1.5,
  'unmonitored',
  '',
]

/** Every fixture with each position (leaf, object or array) in turn given each mutation. */
const singleMutations = (): Array<{ name: string; payload: unknown }> =>
  validFixtureNames.flatMap((name) => {
    const fixture = loadFixture(name)
    return positionsOf(fixture).flatMap((at) =>
      mutationsOf(valueAt(fixture, at)).map((value) => ({ name, payload: replaceAt(fixture, at, value) })),
    )
  })

/** One position of `payload`, chosen at random, given one of the eight mutations. */
const mutateOnce = (payload: unknown): fc.Arbitrary<unknown> => {
  const positions = positionsOf(payload)
  return fc
    .tuple(fc.integer({ min: 0, max: positions.length - 1 }), fc.nat(7))
    .map(([i, m]) => replaceAt(payload, positions[i], mutationsOf(valueAt(payload, positions[i]))[m]))
}

/** A fixture with two mutations, the second at a position of what the first left. */
const doubleMutationArbitrary = fc
  .constantFrom(...validFixtureNames.map(loadFixture))
  .chain(mutateOnce)
  .chain((once) => (positionsOf(once).length === 0 ? fc.constant(once) : mutateOnce(once)))

/** The same value with every object given a null prototype: io-ts reads its fields as it reads a plain object's. */
const withNullPrototypes = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withNullPrototypes)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = Object.create(null)
  for (const [key, item] of Object.entries(value)) defineOwn(out, key, withNullPrototypes(item))
  return out
}

/** The same value with every array's first item turned into a hole, as only a value handed in can have. */
const withHoles = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    const items = value.map(withHoles)
    if (items.length > 0) delete items[0]
    return items
  }
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) defineOwn(out, key, withHoles(item))
  return out
}

describe('the fast path (isInstallmentWebhookBody and the variant guards) against the io-ts codecs', () => {
  it.each(validFixtureNames)('accepts %s as decode does', (name) => {
    expect(expectFastPathEqualsDecode(loadFixture(name))).toBe(true)
  })

  it.each(['invalid/laas-installment-payment.json', 'invalid/paid-amount-as-string.json'])('rejects %s as decode does', (name) => {
    expect(expectFastPathEqualsDecode(loadFixture(name))).toBe(false)
  })

  it('answers as decode for every fixture with each position in turn mutated in each of eight ways', () => {
    const cases = singleMutations()
    let rejected = 0
    for (const { payload } of cases) if (!expectFastPathEqualsDecode(payload)) rejected++
    expect(cases.length).toBeGreaterThan(5_000)
    // Most single mutations break a rule; the rest (an unknown field, an enumerator value, a nullable field) do not.
    expect(rejected).toBeGreaterThan(cases.length / 2)
    expect(rejected).toBeLessThan(cases.length)
  })

  it('answers as decode for fixtures with two positions mutated', () => {
    fc.assert(fc.property(doubleMutationArbitrary, (payload) => void expectFastPathEqualsDecode(payload)), propertySettings(36_000))
  })

  it('accepts every generated valid payload of both variants, as decode does', () => {
    fc.assert(
      fc.property(installmentWebhookArbitrary(), (payload) => {
        expect(expectFastPathEqualsDecode(payload)).toBe(true)
      }),
      propertySettings(4_000),
    )
  })

  it('answers as decode for generated payloads with one value anywhere removed or replaced by any JSON value', () => {
    fc.assert(fc.property(mutatedWebhookArbitrary(), (payload) => void expectFastPathEqualsDecode(payload)), propertySettings(4_000))
  })

  it('answers as decode for objects with a null prototype, read by key as plain objects are, and for sparse arrays', () => {
    fc.assert(
      fc.property(fc.oneof(installmentWebhookArbitrary(), doubleMutationArbitrary), fc.boolean(), (payload, holes) => {
        void expectFastPathEqualsDecode(holes ? withHoles(payload) : withNullPrototypes(payload))
      }),
      propertySettings(2_000),
    )
  })

  it('has checked at least 50,000 cases above, counted as they ran (fewer when FC_RUNS_SCALE shrinks the runs)', () => {
    expect(casesChecked).toBeGreaterThanOrEqual(RUNS_SCALE >= 1 ? 50_000 : 5_000)
  })
})

describe('checkEnvelope', () => {
  const seedPaid = () => loadFixture('seed-paid.json')

  it('chooses the variant by data.status and allocates nothing for it: the same object every time', () => {
    const paid = checkEnvelope(seedPaid())
    expect(paid.ok && paid.codec).toBe(InstallmentStatusChangeWebhook)
    expect(checkEnvelope(seedPaid())).toBe(paid)
    const update = checkEnvelope(loadFixture('seed-bank-slip-update.json'))
    expect(update.ok && update.codec).toBe(InstallmentBankSlipUpdateWebhook)
  })

  it.each([
    ['a number', 5, 'NOT_AN_OBJECT'],
    ['an array', [], 'NOT_AN_OBJECT'],
    ['a Map', new Map([['webhook_type', 'installment.status_change']]), 'NOT_AN_OBJECT'],
    ['a legacy envelope', { encoded_body: 'a.b.c' }, 'ENCODED_BODY'],
    ['another webhook_type', { ...seedPaid(), webhook_type: 'laas.credit_operation.installment.payment' }, 'UNSUPPORTED_WEBHOOK_TYPE'],
    ['a status QI Tech added', { ...seedPaid(), data: { status: 'unmonitored' } }, 'UNKNOWN_STATUS'],
    ['data.status "toString"', { ...seedPaid(), data: { status: 'toString' } }, 'UNKNOWN_STATUS'],
    ['no webhook_type and an unknown status', { key: 'k', data: { status: 'unmonitored' } }, 'INVALID_PAYLOAD'],
    ['no data', { key: 'k', webhook_type: 'installment.status_change' }, 'INVALID_PAYLOAD'],
    ['a numeric status', { key: 'k', webhook_type: 'installment.status_change', data: { status: 1 } }, 'INVALID_PAYLOAD'],
  ])('gives %s its own code', (_, body, code) => {
    const envelope = checkEnvelope(body)
    expect(envelope.ok ? 'a variant' : envelope.code).toBe(code)
  })

  it('takes an encoded_body beside a webhook_type for a webhook, not for a legacy envelope', () => {
    const envelope = checkEnvelope({ ...seedPaid(), encoded_body: 'a.b.c' })
    expect(envelope.ok).toBe(true)
  })
})

describe('InstallmentWebhook under io-ts PathReporter', () => {
  const report = (u: unknown): string[] => PathReporter.report(InstallmentWebhook.decode(u))

  it.each([
    [5, 'Invalid value 5 supplied to : InstallmentWebhook'],
    [{ webhook_type: 'other' }, 'Invalid value "other" supplied to : InstallmentWebhook/webhook_type: InstallmentWebhookType'],
    [
      { key: 'k', webhook_type: 'installment.status_change', data: { status: 'canceled' } },
      'Invalid value "canceled" supplied to : InstallmentWebhook/data: UnknownRecord/status: InstallmentWebhookDataStatus',
    ],
    [{ encoded_body: 'x' }, 'Invalid value "x" supplied to : InstallmentWebhook/encoded_body: nothing: a legacy signed envelope is verified and unwrapped by receiveInstallmentWebhook'],
  ])('names the path and what was expected for %j, with no bare code', (body, line) => {
    expect(report(body)).toEqual([line])
  })

  // The chain of codec names is what a PathReporter user reads to find the field: each object and list is named.
  it.each<[string, string, (p: any) => void, string]>([
    [
      'an event amount',
      'seed-paid.json',
      (p) => (p.data.installment.events[0].amount = 'x'),
      'InstallmentWebhook/: InstallmentStatusChangeWebhook/0: InstallmentStatusChangeWebhookRequired/data: InstallmentStatusChangeData/0: InstallmentStatusChangeDataRequired/installment: Installment/1: InstallmentOptional/events: InstallmentEvents | null/0: InstallmentEvents/0: InstallmentEvent/1: InstallmentEventOptional/amount: Amount | null/0: Amount',
    ],
    [
      'a payment amount',
      'seed-paid.json',
      (p) => (p.data.installment.installment_payment[0].paid_amount = 'x'),
      'InstallmentWebhook/: InstallmentStatusChangeWebhook/0: InstallmentStatusChangeWebhookRequired/data: InstallmentStatusChangeData/0: InstallmentStatusChangeDataRequired/installment: Installment/1: InstallmentOptional/installment_payment: InstallmentPayments | null/0: InstallmentPayments/0: InstallmentPayment/1: InstallmentPaymentOptional/paid_amount: Amount | null/0: Amount',
    ],
    [
      "an event's old due date",
      'seed-paid.json',
      (p) => (p.data.installment.events[0].old_due_date = 'x'),
      'InstallmentWebhook/: InstallmentStatusChangeWebhook/0: InstallmentStatusChangeWebhookRequired/data: InstallmentStatusChangeData/0: InstallmentStatusChangeDataRequired/installment: Installment/1: InstallmentOptional/events: InstallmentEvents | null/0: InstallmentEvents/0: InstallmentEvent/1: InstallmentEventOptional/old_due_date: IsoDate | IsoDateTime | null/0: IsoDate | IsoDateTime/0: IsoDate',
    ],
    [
      "a charge's total amount",
      'seed-bank-slip-update.json',
      (p) => (p.data.installments[0].total_amount = 'x'),
      'InstallmentWebhook/: InstallmentBankSlipUpdateWebhook/0: InstallmentBankSlipUpdateWebhookRequired/data: InstallmentBankSlipUpdateData/0: InstallmentBankSlipUpdateDataRequired/installments: BankSlipInstallments/0: BankSlipInstallment/0: BankSlipInstallmentRequired/total_amount: Amount',
    ],
    [
      'a missing status',
      'seed-paid.json',
      (p) => (p.data = {}),
      'InstallmentWebhook/: InstallmentWebhookEnvelope/0: InstallmentWebhookEnvelopeRequired/data: InstallmentWebhookData/0: InstallmentWebhookDataRequired/status: InstallmentWebhookDataStatus',
    ],
  ])('names every codec on the way to %s', (_, fixture, change, chain) => {
    const payload = loadFixture(fixture)
    change(payload)
    expect(report(payload)[0]).toBe(`Invalid value ${JSON.stringify(payload.data.status === undefined ? undefined : 'x')} supplied to : ${chain}`)
  })

  it('names the status a bank-slip update must have, when its own codec is handed another', () => {
    const payload = loadFixture('seed-bank-slip-update.json')
    payload.data.status = 'paid'
    expect(PathReporter.report(InstallmentBankSlipUpdateWebhook.decode(payload))).toEqual([
      'Invalid value "paid" supplied to : InstallmentBankSlipUpdateWebhook/0: InstallmentBankSlipUpdateWebhookRequired/data: InstallmentBankSlipUpdateData/0: InstallmentBankSlipUpdateDataRequired/status: BankSlipUpdateStatus',
    ])
  })

  it('reports every failure of a mutated payload with a path below the codec and a readable message', () => {
    fc.assert(
      fc.property(doubleMutationArbitrary, (payload) => {
        const result = InstallmentWebhook.decode(payload)
        if (result._tag === 'Right') return
        for (const line of PathReporter.report(result)) {
          expect(line).toMatch(/^Invalid value .* supplied to : InstallmentWebhook(\/|$)/s)
        }
      }),
      propertySettings(500),
    )
  })

  it('passes the context it is given to its errors, so it composes inside other codecs', () => {
    const result = t.type({ webhook: InstallmentWebhook }).decode({ webhook: { webhook_type: 'other' } })
    expect(PathReporter.report(result)).toEqual([
      'Invalid value "other" supplied to : { webhook: InstallmentWebhook }/webhook: InstallmentWebhook/webhook_type: InstallmentWebhookType',
    ])
  })
})

describe('InstallmentWebhook (the io-ts codec)', () => {
  // A `data` that is an object but not a plain one (a Date, a class instance handed in directly) once selected no
  // variant while the envelope check passed it, and the body decoded with its variant's fields unchecked.
  it.each([
    ['a Date', Object.assign(new Date(0), { status: 'paid' }), 'data.is_finished'],
    ['a class instance', new (class Data { status = 'update' })(), 'data.installments'],
  ])('checks the variant of a data that is %s instead of passing it unchecked', (_, data, firstPath) => {
    const payload = { key: 'k', webhook_type: 'installment.status_change', data }
    const result = decodeInstallmentWebhook(payload)
    expect(result._tag === 'Left' && result.left.code).toBe('INVALID_PAYLOAD')
    expect(result._tag === 'Left' && result.left.issues[0].path).toBe(firstPath)
    expect(InstallmentWebhook.is(payload)).toBe(false)
  })
})

describe('isInstallmentStatusChange and isInstallmentBankSlipUpdate', () => {
  it.each(validFixtureNames)('tell the variant of %s by data.status', (name) => {
    const result = decodeInstallmentWebhook(loadFixture(name))
    if (result._tag === 'Left') throw new Error(`${name} did not decode`)
    const update = result.right.data.status === 'update'
    expect(isInstallmentBankSlipUpdate(result.right)).toBe(update)
    expect(isInstallmentStatusChange(result.right)).toBe(!update)
  })
})
