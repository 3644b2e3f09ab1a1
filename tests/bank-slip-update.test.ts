import { isRight } from 'fp-ts/Either'
import { BankSlipInstallment, InstallmentBankSlipUpdateData, InstallmentBankSlipUpdateWebhook } from '../src'
import { isBankSlipUpdateWebhook } from '../src/bank-slip-update'
import { loadFixture, validFixtureNames } from './fixtures'
import * as reference from './reference'

const updateFixtures = validFixtureNames.filter((name) => loadFixture(name).data.status === 'update')

/** Asserts the guard, the codec's `is` and its `decode` answer `u` as the reference does; returns the answer. */
const answer = (u: unknown): boolean => {
  const expected = isRight(reference.BankSlipUpdateWebhook.decode(u))
  expect(isBankSlipUpdateWebhook(u)).toBe(expected)
  expect(InstallmentBankSlipUpdateWebhook.is(u)).toBe(expected)
  expect(isRight(InstallmentBankSlipUpdateWebhook.decode(u))).toBe(expected)
  return expected
}

describe('InstallmentBankSlipUpdateWebhook and its guard', () => {
  it.each(updateFixtures)('accept %s and return it itself', (name) => {
    const payload = loadFixture(name)
    expect(answer(payload)).toBe(true)
    const result = InstallmentBankSlipUpdateWebhook.decode(payload)
    expect(result._tag === 'Right' && result.right).toBe(payload)
  })

  it('reject a status change', () => {
    expect(answer(loadFixture('seed-paid.json'))).toBe(false)
  })

  type Change = (data: Record<string, any>) => void
  it.each<[string, Change, boolean]>([
    ['no installments at all', (d) => (d.installments = []), true],
    ['a business_due_date', (d) => (d.installments[0].business_due_date = '2024-07-19'), true],
    ['a business_due_date that is no real day', (d) => (d.installments[0].business_due_date = '2024-02-30'), false],
    ['a null business_due_date', (d) => (d.installments[0].business_due_date = null), true],
    ['a qr_code_url holding a URL', (d) => (d.installments[0].qr_code_url = 'https://pix.example/qr/7d20015e'), true],
    ['a null digitable_line (a Pix-only charge)', (d) => (d.installments[0].digitable_line = null), true],
    ['a missing total_amount', (d) => delete d.installments[0].total_amount, false],
    ['an is_finished', (d) => (d.is_finished = false), true],
    ['a string is_finished', (d) => (d.is_finished = 'false'), false],
    ['a status of paid', (d) => (d.status = 'paid'), false],
    ['installments that is an object', (d) => (d.installments = { 0: {} }), false],
  ])('answer alike for the seed update with %s', (_, change, expected) => {
    const payload = loadFixture('seed-bank-slip-update.json')
    change(payload.data)
    expect(answer(payload)).toBe(expected)
  })

  it('type business_due_date as an optional date on each charge', () => {
    const result = BankSlipInstallment.decode({ ...loadFixture('seed-bank-slip-update.json').data.installments[0], business_due_date: 7 })
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(result.left.map((e) => e.context[e.context.length - 2].key)).toContain('business_due_date')
    expect(InstallmentBankSlipUpdateData.is({ status: 'update', installments: [] })).toBe(true)
  })
})
