import fc from 'fast-check'
import { type BankSlipInstallment, type InstallmentStatus, type InstallmentStatusChangeWebhook, decodeInstallmentWebhook, isInstallmentStatusChange } from '../../src'
import { type InstallmentDeliveryOrder, compareInstallmentDeliveries } from '../../src/delivery'
import { buildBankSlipUpdateWebhook, buildStatusChangeWebhook } from '../../src/testing'
import { bankSlipUpdateWebhookArbitrary, cloneJson, statusChangeWebhookArbitrary } from '../arbitraries'
import { readFixture, validFixtureNames } from '../fixtures'
import { propertySettings } from '../property-settings'

type Overrides = Parameters<typeof buildStatusChangeWebhook>[1]

/** A status change as a handler gets it: built, sent as JSON text and decoded. */
const statusChange = (status: InstallmentStatus, overrides?: Overrides): InstallmentStatusChangeWebhook => {
  const result = decodeInstallmentWebhook(JSON.stringify(buildStatusChangeWebhook(status, overrides)))
  if (result._tag === 'Left' || !isInstallmentStatusChange(result.right)) throw new Error('expected a status change')
  return result.right
}

const at = (updatedAt: string, extra?: Overrides) =>
  ({ ...extra, data: { ...extra?.data, installment: { ...extra?.data?.installment, updated_at: updatedAt } } }) as Overrides

const bankSlip = (overrides: Partial<Record<keyof BankSlipInstallment | 'created_at' | 'updated_at', unknown>> = {}): BankSlipInstallment =>
  ({ ...buildBankSlipUpdateWebhook().data.installments[0], ...overrides }) as BankSlipInstallment

const unordered = (reason: string) => ({ order: 'unordered', reason, detail: expect.any(String) })

const opposite: Record<InstallmentDeliveryOrder['order'], InstallmentDeliveryOrder['order']> = {
  newer: 'older',
  older: 'newer',
  same: 'same',
  unordered: 'unordered',
}

describe('compareInstallmentDeliveries on status changes', () => {
  it('says newer for a later installment.updated_at, older for an earlier one', () => {
    const overdue = statusChange('overdue', at('2022-10-29T00:00:05'))
    const paid = statusChange('paid_overdue', at('2022-11-02T14:00:00'))
    expect(compareInstallmentDeliveries(overdue, paid)).toEqual({ order: 'newer' })
    expect(compareInstallmentDeliveries(paid, overdue)).toEqual({ order: 'older' })
  })

  it('keeps a stored paid state against a late overdue delivery sent before it', () => {
    const paid = statusChange('paid', at('2022-10-27T10:15:01'))
    const lateOverdue = statusChange('overdue', at('2022-10-20T00:00:00'))
    expect(compareInstallmentDeliveries(paid, lateOverdue)).toEqual({ order: 'older' })
  })

  it('says same for a retry of one delivery, re-serialized', () => {
    const paid = statusChange('paid')
    const retry = JSON.parse(JSON.stringify(paid, null, 2)) as InstallmentStatusChangeWebhook
    expect(compareInstallmentDeliveries(paid, retry)).toEqual({ order: 'same' })
  })

  it('compares a T and a space separator as the same wall-clock time, and fractions of a second numerically', () => {
    const withT = statusChange('overdue', at('2022-10-29T00:00:05.5'))
    const withSpace = statusChange('overdue', at('2022-10-29 00:00:05.500'))
    expect(compareInstallmentDeliveries(withT, withSpace)).toEqual({ order: 'same' })
    expect(compareInstallmentDeliveries(withT, statusChange('overdue', at('2022-10-29 00:00:05.51')))).toEqual({ order: 'newer' })
    expect(compareInstallmentDeliveries(withT, statusChange('overdue', at('2022-10-29T00:00:05')))).toEqual({ order: 'older' })
  })

  it('compares two datetimes that both carry a zone as instants', () => {
    const brasilia = statusChange('overdue', at('2022-10-29T09:00:00-03:00'))
    const utc = statusChange('paid_overdue', at('2022-10-29T11:30:00Z'))
    expect(compareInstallmentDeliveries(brasilia, utc)).toEqual({ order: 'older' })
    expect(compareInstallmentDeliveries(utc, brasilia)).toEqual({ order: 'newer' })
    expect(compareInstallmentDeliveries(statusChange('overdue', at('2022-10-29T12:00:00Z')), brasilia)).toEqual({ order: 'same' })
  })

  it('never assumes a zone: a datetime with a zone against one without is MIXED_ZONES, however far apart', () => {
    const zoneless = statusChange('overdue', at('2022-10-29T09:00:00'))
    const zoned = statusChange('paid_overdue', at('2023-10-29T09:00:00Z'))
    expect(compareInstallmentDeliveries(zoneless, zoned)).toEqual(unordered('MIXED_ZONES'))
    expect(compareInstallmentDeliveries(zoned, zoneless)).toEqual(unordered('MIXED_ZONES'))
  })

  it('on equal updated_at, orders by the newest events[].created_at, then by the number of events', () => {
    const openEvent = buildStatusChangeWebhook('opened').data.installment.events![0]
    const payment = (createdAt: string) => ({ ...buildStatusChangeWebhook('paid').data.installment.events![1], created_at: createdAt })
    const one = statusChange('paid_partial', at('2022-10-27T10:15:01', { data: { installment: { events: [openEvent, payment('2022-10-27T10:15:01')] } } }))
    const later = statusChange('paid_partial', at('2022-10-27T10:15:01', { data: { installment: { events: [payment('2022-10-27T10:15:02'), openEvent] } } }))
    const more = statusChange('paid_partial', at('2022-10-27T10:15:01', { data: { installment: { events: [openEvent, payment('2022-10-27T10:15:01'), payment('2022-10-27T10:15:01')] } } }))
    expect(compareInstallmentDeliveries(one, later)).toEqual({ order: 'newer' })
    expect(compareInstallmentDeliveries(later, one)).toEqual({ order: 'older' })
    expect(compareInstallmentDeliveries(one, more)).toEqual({ order: 'newer' })
    expect(compareInstallmentDeliveries(more, one)).toEqual({ order: 'older' })
  })

  it('never lets an unfinished state supersede a finished one of equal time', () => {
    const paid = statusChange('paid', at('2022-10-27T10:15:01'))
    const partial = statusChange('paid_partial', at('2022-10-27T10:15:01', { data: { is_finished: false, installment: { events: paid.data.installment.events as never } } }))
    expect(compareInstallmentDeliveries(paid, partial)).toEqual({ order: 'older' })
    expect(compareInstallmentDeliveries(partial, paid)).toEqual({ order: 'newer' })
  })

  it('says CONFLICTING_STATES for two different states that no field orders', () => {
    const overdue = statusChange('overdue', at('2022-10-29T00:00:05'))
    const partialOverdue = statusChange('overdue', at('2022-10-29T00:00:05', { data: { status: 'paid_partial_overdue' } }))
    expect(compareInstallmentDeliveries(overdue, partialOverdue)).toEqual(unordered('CONFLICTING_STATES'))
  })

  it('says DIFFERENT_INSTALLMENTS for two installments, or the same installment key under another operation key', () => {
    const first = statusChange('overdue')
    const other = statusChange('overdue', { data: { installment: { installment_key: 'another-installment' } } })
    const otherOperation = statusChange('overdue', { key: 'another-operation' })
    expect(compareInstallmentDeliveries(first, other)).toEqual(unordered('DIFFERENT_INSTALLMENTS'))
    expect(compareInstallmentDeliveries(first, otherOperation)).toEqual(unordered('DIFFERENT_INSTALLMENTS'))
  })

  it('says MISSING_FIELDS when updated_at is on one side only, naming the field and the side', () => {
    const withUpdatedAt = statusChange('overdue')
    const without = cloneJson(withUpdatedAt) as any
    delete without.data.installment.updated_at
    expect(compareInstallmentDeliveries(withUpdatedAt, without)).toEqual({
      order: 'unordered',
      reason: 'MISSING_FIELDS',
      detail: expect.stringMatching(/data\.installment\.updated_at .*incoming/),
    })
    expect(compareInstallmentDeliveries(without, withUpdatedAt)).toEqual({
      order: 'unordered',
      reason: 'MISSING_FIELDS',
      detail: expect.stringMatching(/data\.installment\.updated_at .*stored/),
    })
  })

  it('orders by events when neither side has updated_at, as in QI Tech’s seed example', () => {
    const seed = JSON.parse(readFixture('seed-paid.json'))
    const later = cloneJson(seed)
    later.data.installment.events[0].created_at = '2022-09-27T07:03:36'
    expect(compareInstallmentDeliveries(seed, later)).toEqual({ order: 'newer' })
  })

  it('says MISSING_FIELDS for two different states with no updated_at and no events', () => {
    const bare = (status: InstallmentStatus) => {
      const webhook = cloneJson(statusChange(status)) as any
      delete webhook.data.installment.updated_at
      delete webhook.data.installment.events
      return webhook as InstallmentStatusChangeWebhook
    }
    expect(compareInstallmentDeliveries(bare('overdue'), bare('paid'))).toEqual(unordered('MISSING_FIELDS'))
    expect(compareInstallmentDeliveries(bare('overdue'), bare('overdue'))).toEqual({ order: 'same' })
  })

  it('orders deliveries holding 100,000 nested lists in a field it does not know, without a RangeError', () => {
    const withDeep = (webhook: InstallmentStatusChangeWebhook) => {
      const text = JSON.stringify(webhook)
      const parsed = decodeInstallmentWebhook(`${text.slice(0, -1)},"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)
      if (parsed._tag === 'Left') throw new Error(parsed.left.message)
      return parsed.right as InstallmentStatusChangeWebhook
    }
    const opened = withDeep(statusChange('opened', at('2022-10-01T10:00:00')))
    const paid = withDeep(statusChange('paid', at('2022-10-27T10:15:01')))
    expect(compareInstallmentDeliveries(opened, paid)).toEqual({ order: 'newer' })
    expect(compareInstallmentDeliveries(paid, withDeep(statusChange('paid', at('2022-10-27T10:15:01'))))).toEqual({ order: 'same' })
  })

  it('says DIFFERENT_VARIANTS for a status change against a bank-slip item, and never throws on values that are neither', () => {
    expect(compareInstallmentDeliveries(statusChange('overdue') as never, bankSlip() as never)).toEqual(unordered('DIFFERENT_VARIANTS'))
    for (const junk of [null, undefined, 1, 'x', [], {}, buildBankSlipUpdateWebhook()]) {
      expect(compareInstallmentDeliveries(junk as never, junk as never)).toEqual(unordered('MISSING_FIELDS'))
      expect(compareInstallmentDeliveries(statusChange('paid'), junk as never)).toEqual(unordered('MISSING_FIELDS'))
    }
  })
})

describe('compareInstallmentDeliveries on bank-slip items of update deliveries', () => {
  it('says same for the same charge', () => {
    expect(compareInstallmentDeliveries(bankSlip(), bankSlip())).toEqual({ order: 'same' })
  })

  it('tells a charge with a field this version does not know from one without it, as the delivery key does', () => {
    const extended = bankSlip({ pix_expires_at: '2024-07-18T23:59:59' } as never)
    expect(compareInstallmentDeliveries(bankSlip(), extended)).toEqual(unordered('MISSING_FIELDS'))
    expect(compareInstallmentDeliveries(bankSlip({ translation_path: 'x' } as never), bankSlip())).toEqual({ order: 'same' })
  })

  it('says MISSING_FIELDS for two charges of one installment without a timestamp: QI Tech sends none today', () => {
    const newCharge = bankSlip({ bank_slip_key: 'new-bank-slip', digitable_line: '32990001455000000000503007797909797660000100001' })
    expect(compareInstallmentDeliveries(bankSlip(), newCharge)).toEqual({
      order: 'unordered',
      reason: 'MISSING_FIELDS',
      detail: expect.stringContaining('timestamp'),
    })
  })

  it('lets the later bank slip win when both carry updated_at, or else created_at', () => {
    const first = bankSlip({ created_at: '2024-07-01T10:00:00', updated_at: '2024-07-01T10:00:00' })
    const second = bankSlip({ bank_slip_key: 'new', created_at: '2024-07-02 08:00:00', updated_at: '2024-07-02 08:00:00' })
    expect(compareInstallmentDeliveries(first, second)).toEqual({ order: 'newer' })
    expect(compareInstallmentDeliveries(second, first)).toEqual({ order: 'older' })
    const created = (createdAt: string, key: string) => bankSlip({ created_at: createdAt, bank_slip_key: key })
    expect(compareInstallmentDeliveries(created('2024-07-02T08:00:00', 'b'), created('2024-07-01T08:00:00', 'a'))).toEqual({ order: 'older' })
  })

  it('says DIFFERENT_INSTALLMENTS for charges of two installments', () => {
    expect(compareInstallmentDeliveries(bankSlip(), bankSlip({ installment_key: 'other' }))).toEqual(unordered('DIFFERENT_INSTALLMENTS'))
  })

  it('says CONFLICTING_STATES for two charges with the same timestamp', () => {
    const first = bankSlip({ updated_at: '2024-07-01T10:00:00' })
    const second = bankSlip({ updated_at: '2024-07-01T10:00:00', total_amount: 300 })
    expect(compareInstallmentDeliveries(first, second)).toEqual(unordered('CONFLICTING_STATES'))
  })
})

// --- properties ----------------------------------------------------------------------------------------------------

const anyDelivery = fc.oneof(
  statusChangeWebhookArbitrary(),
  bankSlipUpdateWebhookArbitrary().filter((w: any) => w.data.installments.length > 0).map((w: any) => w.data.installments[0]),
) as fc.Arbitrary<InstallmentStatusChangeWebhook>

/** Two deliveries about one installment: the second has the identity of the first, so the rules get to work. */
const sameInstallmentPair = fc.tuple(statusChangeWebhookArbitrary(), statusChangeWebhookArbitrary()).map(([a, b]: any[]) => {
  const second = cloneJson(b)
  second.key = a.key
  second.data.installment.installment_key = a.data.installment.installment_key
  return [a, second] as [InstallmentStatusChangeWebhook, InstallmentStatusChangeWebhook]
})

const instant = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
const sameInstallmentItems = fc
  .tuple(bankSlipUpdateWebhookArbitrary(), bankSlipUpdateWebhookArbitrary(), fc.option(fc.tuple(instant, fc.oneof(instant, fc.constant(null)))))
  .filter(([a, b]: any[]) => a.data.installments.length > 0 && b.data.installments.length > 0)
  .map(([a, b, times]: any[]) => {
    const first = cloneJson(a.data.installments[0])
    const second = cloneJson(b.data.installments[0])
    second.installment_key = first.installment_key
    if (times !== null) {
      first.updated_at = times[0].toISOString().slice(0, 19)
      second.updated_at = (times[1] ?? times[0]).toISOString().slice(0, 19)
    }
    return [first, second] as [BankSlipInstallment, BankSlipInstallment]
  })

describe('compareInstallmentDeliveries properties', () => {
  it('is reflexive: any delivery, and every fixture, is the same as itself and as a copy of itself', () => {
    fc.assert(
      fc.property(anyDelivery, (delivery) => {
        expect(compareInstallmentDeliveries(delivery, delivery)).toEqual({ order: 'same' })
        expect(compareInstallmentDeliveries(delivery, cloneJson(delivery))).toEqual({ order: 'same' })
      }),
      propertySettings(500),
    )
    for (const name of validFixtureNames) {
      const webhook = JSON.parse(readFixture(name))
      const deliveries = webhook.data.status === 'update' ? webhook.data.installments : [webhook]
      for (const delivery of deliveries) expect([name, compareInstallmentDeliveries(delivery, delivery)]).toEqual([name, { order: 'same' }])
    }
  })

  it('is antisymmetric: swapping the two deliveries swaps newer and older and keeps same and unordered with its reason', () => {
    fc.assert(
      fc.property(fc.oneof(sameInstallmentPair, sameInstallmentItems, fc.tuple(anyDelivery, anyDelivery)), ([a, b]) => {
        const forward = compareInstallmentDeliveries(a as never, b as never)
        const backward = compareInstallmentDeliveries(b as never, a as never)
        expect(backward.order).toBe(opposite[forward.order])
        if (forward.order === 'unordered' && backward.order === 'unordered') expect(backward.reason).toBe(forward.reason)
      }),
      propertySettings(1000),
    )
  })
})

const wallClock = fc.date({ min: new Date('0002-01-01T00:00:00Z'), max: new Date('9998-12-31T23:59:59.999Z'), noInvalidDate: true })
const offsetMinutes = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 })

/** `date` as QI Tech writes a datetime: no zone, a `T` or a space, milliseconds or none. */
const zoneless = (date: Date, separator: string): string => {
  const iso = date.toISOString()
  return `${iso.slice(0, 10)}${separator}${iso.slice(11, date.getUTCMilliseconds() === 0 ? 19 : 23)}`
}

/** The instant `date` written in the zone `offset` minutes east of UTC, e.g. `2022-10-29T06:00:00.000-03:00`. */
const zoned = (date: Date, offset: number): string => {
  const wall = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23)
  const abs = Math.abs(offset)
  return `${wall}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

const updatedAt = (value: string) => buildStatusChangeWebhook('overdue', { data: { installment: { updated_at: value } } })

const expectedOrder = (first: Date, second: Date) =>
  first.getTime() < second.getTime() ? 'newer' : first.getTime() > second.getTime() ? 'older' : 'same'

describe('compareInstallmentDeliveries reading datetimes', () => {
  it('orders zone-less datetimes as their wall clocks, from year 2 to 9998, with a T or a space', () => {
    fc.assert(
      fc.property(wallClock, wallClock, fc.constantFrom('T', ' '), fc.constantFrom('T', ' '), (first, second, s1, s2) => {
        expect(compareInstallmentDeliveries(updatedAt(zoneless(first, s1)), updatedAt(zoneless(second, s2))).order).toBe(
          expectedOrder(first, second),
        )
      }),
      propertySettings(1000),
    )
  })

  it('orders datetimes with zones as the instants they name, whatever their offsets', () => {
    fc.assert(
      fc.property(wallClock, wallClock, offsetMinutes, offsetMinutes, fc.boolean(), (first, second, o1, o2, near) => {
        // Half the time the second instant is within a day of the first, where offsets decide the order.
        const other = near ? new Date(first.getTime() + (second.getTime() % 86_400_000)) : second
        expect(compareInstallmentDeliveries(updatedAt(zoned(first, o1)), updatedAt(zoned(other, o2))).order).toBe(expectedOrder(first, other))
      }),
      propertySettings(1000),
    )
  })
})

// --- the life of one installment -----------------------------------------------------------------------------------

const paymentEvent = (createdAt: string, amount: number) => ({
  amount,
  created_at: createdAt,
  event_date: createdAt,
  old_due_date: null,
  installment_event_type: { enumerator: 'payment', translation_path: 'co.InstallmentEventType.payment' },
  installment_old_status: { enumerator: 'opened', translation_path: 'co.InstallmentStatus.opened' },
})

const payment = (key: string, paidAt: string, amount: number) => ({
  installment_payment_key: key,
  paid_at: paidAt,
  paid_amount: amount,
  paid_method_type: { enumerator: 'pix', translation_path: 'co.PaymentType.pix' },
})

/**
 * One installment's life as QI Tech reports it: opened, waiting_payment, paid_partial, paid_partial again with a
 * second payment, paid. Each state has an updated_at later than the one before, or equal to it (`ties`) where the
 * state adds a payment event, so that the later rules decide; and the events and payments so far.
 */
const lifeArbitrary = fc
  .tuple(
    fc.date({ min: new Date('2000-01-01'), max: new Date('2090-01-01'), noInvalidDate: true }),
    fc.array(fc.integer({ min: 1, max: 40 * 86_400 }), { minLength: 4, maxLength: 4 }),
    fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    fc.constantFrom('T', ' '),
  )
  .map(([start, gaps, ties, separator]) => {
    let seconds = Math.floor(start.getTime() / 1000)
    const times = [seconds]
    gaps.forEach((gap, i) => {
      // opened to waiting_payment adds no event: only a later updated_at can order it.
      seconds += i > 0 && ties[i - 1] ? 0 : gap
      times.push(seconds)
    })
    const text = (s: number) => new Date(s * 1000).toISOString().slice(0, 19).replace('T', separator)
    const open = { ...buildStatusChangeWebhook('opened').data.installment.events![0], created_at: text(times[0]) }
    const events = [open, paymentEvent(text(times[2]), 300), paymentEvent(text(times[3]), 400), paymentEvent(text(times[4]), 309.68)]
    const payments = [payment('p1', text(times[2]), 300), payment('p2', text(times[3]), 400), payment('p3', text(times[4]), 309.68)]
    const state = (status: InstallmentStatus, i: number, paidEvents: number) =>
      buildStatusChangeWebhook(status, {
        data: {
          is_finished: status === 'paid',
          installment: { updated_at: text(times[i]), events: events.slice(0, 1 + paidEvents), installment_payment: payments.slice(0, paidEvents) },
        },
      })
    return [state('opened', 0, 0), state('waiting_payment', 1, 0), state('paid_partial', 2, 1), state('paid_partial', 3, 2), state('paid', 4, 3)]
  })

describe('compareInstallmentDeliveries folding one installment’s life', () => {
  it('ends at the last state, paid, whatever the order and the duplicates the deliveries arrive in', () => {
    fc.assert(
      fc.property(
        lifeArbitrary.chain((life) =>
          fc.tuple(fc.constant(life), fc.shuffledSubarray([...life, ...life, ...life], { minLength: 15, maxLength: 15 })),
        ),
        ([life, arrivals]) => {
          let stored = arrivals[0]
          for (const incoming of arrivals.slice(1)) {
            const result = compareInstallmentDeliveries(stored, incoming)
            expect(result.order).not.toBe('unordered')
            if (result.order === 'newer') stored = incoming
          }
          expect(stored).toBe(life[life.length - 1])
        },
      ),
      propertySettings(500),
    )
  })
})
