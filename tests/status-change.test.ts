import { isRight } from 'fp-ts/Either'
import {
  Installment,
  InstallmentEvent,
  InstallmentPayment,
  InstallmentStatusChangeData,
  InstallmentStatusChangeWebhook,
} from '../src'
import { isStatusChangeWebhook } from '../src/status-change'
import { loadFixture, validFixtureNames } from './fixtures'
import * as reference from './reference'

const statusChangeFixtures = validFixtureNames.filter((name) => loadFixture(name).data.status !== 'update')

/** Asserts the guard, the codec's `is` and its `decode` answer `u` as the reference does; returns the answer. */
const answer = (u: unknown): boolean => {
  const expected = isRight(reference.StatusChangeWebhook.decode(u))
  expect(isStatusChangeWebhook(u)).toBe(expected)
  expect(InstallmentStatusChangeWebhook.is(u)).toBe(expected)
  expect(isRight(InstallmentStatusChangeWebhook.decode(u))).toBe(expected)
  return expected
}

describe('InstallmentStatusChangeWebhook and its guard', () => {
  it.each(statusChangeFixtures)('accept %s and return it itself', (name) => {
    const payload = loadFixture(name)
    expect(answer(payload)).toBe(true)
    const result = InstallmentStatusChangeWebhook.decode(payload)
    expect(result._tag === 'Right' && result.right).toBe(payload)
  })

  it('reject a bank-slip update', () => {
    expect(answer(loadFixture('seed-bank-slip-update.json'))).toBe(false)
  })

  type Change = (installment: Record<string, any>) => void
  it.each<[string, Change, boolean]>([
    ['an old_due_date given as a date', (i) => (i.events[0].old_due_date = '2022-10-28'), true],
    ['an old_due_date given as a date-time', (i) => (i.events[0].old_due_date = '2022-10-28T00:00:00'), true],
    ['an old_due_date that is neither', (i) => (i.events[0].old_due_date = '28/10/2022'), false],
    ['additional_costs with any items', (i) => (i.additional_costs = [{ kind: 'iof' }, 1]), true],
    ['additional_costs that is an object', (i) => (i.additional_costs = {}), false],
    ['a null workdays', (i) => (i.workdays = null), true],
    ['a fractional installment_number', (i) => (i.installment_number = 1.5), false],
    ['a business_due_date date-time', (i) => (i.business_due_date = '2022-10-28T00:00:00'), false],
    ['a qr_code_url holding a URL', (i) => (i.qr_code_url = 'https://pix.example/qr/7d20015e'), true],
    ['a has_interest string', (i) => (i.has_interest = 'true'), false],
    ['an event that is null', (i) => (i.events[0] = null), false],
    ['a payment with only unknown fields', (i) => (i.installment_payment[0] = { added_later: 1 }), true],
    ['a payment_type with an unknown value', (i) => (i.payment_type = { enumerator: 'debit_card' }), true],
  ])('answer alike for the paid seed with %s', (_, change, expected) => {
    const payload = loadFixture('status-paid.json')
    change(payload.data.installment)
    expect(answer(payload)).toBe(expected)
  })

  it('answer alike for objects handed in directly: class instances, getters, null prototypes and sparse arrays', () => {
    class Event {
      amount = 1
      get created_at(): string {
        return '2022-09-27T07:03:35'
      }
    }
    const payload = loadFixture('status-paid.json')
    payload.data.installment.events = [new Event()]
    expect(answer(payload)).toBe(true)
    payload.data.installment.events = Object.assign(Object.create(null) as object, { length: 0 })
    expect(answer(payload)).toBe(false)
    // eslint-disable-next-line no-sparse-arrays
    payload.data.installment.events = [, { amount: 1 }]
    expect(answer(payload)).toBe(false)
    payload.data.installment.events = new Proxy([{ amount: 1 }], {})
    expect(answer(payload)).toBe(true)
  })
})

describe('the parts of a status change', () => {
  it('each accept the matching part of the paid seed, and reject a wrong type where the parent would', () => {
    const data = loadFixture('seed-paid.json').data
    expect(InstallmentStatusChangeData.is(data)).toBe(true)
    expect(Installment.is(data.installment)).toBe(true)
    expect(InstallmentEvent.is(data.installment.events[0])).toBe(true)
    expect(InstallmentPayment.is(data.installment.installment_payment[0])).toBe(true)
    expect(InstallmentEvent.is({ amount: '1' })).toBe(false)
    expect(InstallmentPayment.decode({ paid_at: '2026-02-30T11:39:07' })._tag).toBe('Left')
    expect(Installment.is({ installment_key: '', due_date: '2022-10-28' })).toBe(false)
    expect(InstallmentStatusChangeData.is({ ...data, is_finished: 'yes' })).toBe(false)
  })
})
