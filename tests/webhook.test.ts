import fc from 'fast-check'
import { isRight } from 'fp-ts/Either'
import * as t from 'io-ts'
import { PathReporter } from 'io-ts/PathReporter'
import {
  BankSlipInstallment,
  Installment,
  InstallmentBankSlipUpdateData,
  InstallmentBankSlipUpdateWebhook,
  InstallmentEvent,
  InstallmentEventTypeEnumerator,
  InstallmentPayment,
  InstallmentStatusChangeData,
  InstallmentStatusChangeWebhook,
  InstallmentStatusEnumerator,
  InstallmentWebhook,
  PaymentTypeEnumerator,
  decodeInstallmentWebhook,
} from '../src'
import { isBankSlipUpdateWebhook } from '../src/bank-slip-update'
import { isStatusChangeWebhook } from '../src/status-change'
import { checkEnvelope, isInstallmentWebhookBody } from '../src/webhook'
import {
  REMOVED,
  brokenWebhookArbitrary,
  defineOwn,
  installmentWebhookArbitrary,
  mutatedWebhookArbitrary,
  positionsOf,
  replaceAt,
} from './arbitraries'
import { loadFixture, validFixtureNames } from './fixtures'
import { propertySettings } from './property-settings'
import * as reference from './reference'

// Every hand-written guard and every product `decode` must accept exactly what the reference (`reference.ts`, stock
// io-ts combinators, no code shared with `src/`) accepts. The reference is judged by `decode`: io-ts's own array
// `is` skips the holes of a sparse array. Together the cases below number well over 50,000.

/** A value as a counterexample shows it: what JSON would hide (holes, `undefined`, non-finite numbers) is named. */
const show = (u: unknown): string =>
  JSON.stringify(u, (_, v: unknown) =>
    v === undefined ? '<undefined>' : typeof v === 'number' && !Number.isFinite(v) ? `<${v}>` : v,
  ) ?? String(u)

/**
 * Throws unless the product's `is`, its `decode` (which must return the input itself) and, when given, a
 * hand-written guard all answer `u` as the reference's `decode` does.
 */
const agree = (name: string, product: t.Mixed, expected: t.Mixed, u: unknown, guard?: (u: unknown) => boolean): boolean => {
  const accepted = isRight(expected.decode(u))
  const decoded = product.decode(u)
  const answers = {
    is: product.is(u),
    decode: isRight(decoded),
    ...(guard === undefined ? {} : { guard: guard(u) }),
  }
  if (Object.values(answers).some((answer) => answer !== accepted) || (isRight(decoded) && decoded.right !== u)) {
    throw new Error(`${name}: the reference says ${accepted}, the product ${JSON.stringify(answers)}, for ${show(u)}`)
  }
  return accepted
}

const field = (u: unknown, key: string): unknown => (typeof u === 'object' && u !== null ? (u as Record<string, unknown>)[key] : undefined)

/** Every index of a list, holes read as `undefined`, as `validate` reads them. */
const itemsOf = (u: unknown): unknown[] => (Array.isArray(u) ? Array.from({ length: u.length }, (_, i): unknown => u[i]) : [])

/** The payload codecs below the envelope, each against its reference at the position it judges in a body. */
const agreeOnParts = (body: unknown): void => {
  const data = field(body, 'data')
  agree('InstallmentStatusChangeData', InstallmentStatusChangeData, reference.StatusChangeData, data)
  agree('InstallmentBankSlipUpdateData', InstallmentBankSlipUpdateData, reference.BankSlipUpdateData, data)
  const installment = field(data, 'installment')
  agree('Installment', Installment, reference.Installment, installment)
  agree('InstallmentStatusEnumerator', InstallmentStatusEnumerator, reference.StatusEnumerator, field(installment, 'installment_status'))
  agree('PaymentTypeEnumerator', PaymentTypeEnumerator, reference.PaymentTypeEnumerator, field(installment, 'payment_type'))
  for (const event of itemsOf(field(installment, 'events'))) {
    agree('InstallmentEvent', InstallmentEvent, reference.Event, event)
    const type = field(event, 'installment_event_type')
    agree('InstallmentEventTypeEnumerator', InstallmentEventTypeEnumerator, reference.EventTypeEnumerator, type)
    agree('InstallmentStatusEnumerator', InstallmentStatusEnumerator, reference.StatusEnumerator, field(event, 'installment_old_status'))
  }
  for (const payment of itemsOf(field(installment, 'installment_payment'))) {
    agree('InstallmentPayment', InstallmentPayment, reference.Payment, payment)
    agree('PaymentTypeEnumerator', PaymentTypeEnumerator, reference.PaymentTypeEnumerator, field(payment, 'paid_method_type'))
  }
  for (const charge of itemsOf(field(data, 'installments'))) agree('BankSlipInstallment', BankSlipInstallment, reference.Charge, charge)
}

/**
 * Throws unless both variant guards, `isInstallmentWebhookBody` and the decoder, and with `parts` every payload codec
 * below them, answer `body` as the reference does; returns whether the reference accepts it as a webhook.
 */
const expectAgreement = (body: unknown, parts = true): boolean => {
  agree('InstallmentStatusChangeWebhook', InstallmentStatusChangeWebhook, reference.StatusChangeWebhook, body, isStatusChangeWebhook)
  agree('InstallmentBankSlipUpdateWebhook', InstallmentBankSlipUpdateWebhook, reference.BankSlipUpdateWebhook, body, isBankSlipUpdateWebhook)
  const accepted = agree('InstallmentWebhook', InstallmentWebhook, reference.Webhook, body, isInstallmentWebhookBody)
  const result = decodeInstallmentWebhook(body)
  if (isRight(result) !== accepted || (isRight(result) && result.right !== body)) {
    throw new Error(`decodeInstallmentWebhook: the reference says ${accepted}, the decoder ${result._tag}, for ${show(body)}`)
  }
  if (parts) agreeOnParts(body)
  return accepted
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

/** What each position in turn is given: removal, `null`, other types, and values each scalar rule must judge. */
const mutationsOf = (value: unknown): ReadonlyArray<unknown> => [
  REMOVED,
  null,
  otherType(value),
  {},
  [],
  true,
  '',
  'unmonitored',
  'toString',
  // Dates: no such day, a leap day, a date where a date-time goes, and the reverse.
  '2023-02-29',
  '2024-02-29',
  '1900-02-29',
  '2022-10-28T00:00:00',
  // Date-times: past the clock's range, a space and an offset, a fraction with no digits, an offset out of range.
  '2022-09-27T24:00:00',
  '2022-09-27T07:03:60',
  '2022-09-27 07:03:35.5-03:00',
  '2022-09-27T07:03:35.Z',
  '2022-09-27T07:03:35+24:00',
  // Numbers: non-finite (what JSON.parse makes of 1e400), fractional where an integer goes, a plain integer.
  Infinity,
  -Infinity,
  NaN,
  1.5,
  0,
]

const fixtures = validFixtureNames.map(loadFixture)
const mutationCount = mutationsOf(undefined).length

/** `payload` with its position number `p` (modulo their count) given mutation number `m`. */
const mutate = (payload: unknown, p: number, m: number): unknown => {
  const positions = positionsOf(payload)
  if (positions.length === 0) return payload
  const at = positions[p % positions.length]
  return replaceAt(payload, at, mutationsOf(valueAt(payload, at))[m])
}

/** A fixture with two mutations, the second at a position of what the first left. */
const doubleMutationArbitrary = fc
  .tuple(fc.nat(fixtures.length - 1), fc.nat(), fc.nat(mutationCount - 1), fc.nat(), fc.nat(mutationCount - 1))
  .map(([f, p1, m1, p2, m2]) => mutate(mutate(fixtures[f], p1, m1), p2, m2))

/** The same value with every object given a null prototype: io-ts reads its fields as it reads a plain object's. */
const withNullPrototypes = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withNullPrototypes)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = Object.create(null)
  for (const [key, item] of Object.entries(value)) defineOwn(out, key, withNullPrototypes(item))
  return out
}

/** The same value with one array's item at `index` turned into a hole, as only a value handed in can have. */
const withHole = (value: unknown, at: ReadonlyArray<string | number>): unknown => {
  const copy = replaceAt(value, at, null)
  const parent = valueAt(copy, at.slice(0, -1)) as unknown[]
  delete parent[at[at.length - 1] as number]
  return copy
}

/** Positions of array items in a value. */
const itemPositionsOf = (value: unknown): Array<Array<string | number>> =>
  positionsOf(value).filter((at) => typeof at[at.length - 1] === 'number')

describe('every guard and decode against the reference built from stock io-ts combinators', () => {
  it.each(validFixtureNames)('accept %s, as the reference does', (name) => {
    expect(expectAgreement(loadFixture(name))).toBe(true)
  })

  it.each(['invalid/laas-installment-payment.json', 'invalid/paid-amount-as-string.json'])('reject %s, as the reference does', (name) => {
    expect(expectAgreement(loadFixture(name))).toBe(false)
  })

  it.each(validFixtureNames)('answer as the reference for %s with each position in turn mutated in each way', (name) => {
    const fixture = loadFixture(name)
    for (const at of positionsOf(fixture)) {
      for (const value of mutationsOf(valueAt(fixture, at))) expectAgreement(replaceAt(fixture, at, value))
    }
  })

  // The parts were judged at every position above; here the whole bodies only, for speed.
  it('answer as the reference for fixtures with two positions mutated', () => {
    fc.assert(fc.property(doubleMutationArbitrary, (payload) => void expectAgreement(payload, false)), propertySettings(25_000))
  })

  it('accept every payload generated from the reference, of both variants', () => {
    fc.assert(
      fc.property(installmentWebhookArbitrary(), (payload) => {
        expect(expectAgreement(payload)).toBe(true)
      }),
      propertySettings(2_000),
    )
  })

  it('answer as the reference for generated payloads with one value anywhere removed or replaced by any JSON value', () => {
    fc.assert(fc.property(mutatedWebhookArbitrary(), (payload) => void expectAgreement(payload)), propertySettings(4_000))
  })

  it('reject generated payloads with one required field removed or of a wrong type, as the reference does', () => {
    fc.assert(
      fc.property(brokenWebhookArbitrary(), ({ payload }) => {
        expect(expectAgreement(payload)).toBe(false)
      }),
      propertySettings(1_000),
    )
  })

  it('answer as the reference for objects with a null prototype, read by key as plain objects are', () => {
    fc.assert(
      fc.property(fc.oneof(installmentWebhookArbitrary(), doubleMutationArbitrary), (payload) => {
        void expectAgreement(withNullPrototypes(payload))
      }),
      propertySettings(1_000),
    )
  })

  it('answer as the reference for sparse arrays, whose holes validate reads as undefined', () => {
    const withHoles = fc
      .oneof(installmentWebhookArbitrary(), fc.constantFrom(...fixtures), doubleMutationArbitrary)
      .filter((payload) => itemPositionsOf(payload).length > 0)
      .chain((payload) => fc.constantFrom(...itemPositionsOf(payload)).map((at) => withHole(payload, at)))
    fc.assert(fc.property(withHoles, (payload) => void expectAgreement(payload)), propertySettings(1_000))
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
