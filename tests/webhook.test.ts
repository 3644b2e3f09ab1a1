import {
  InstallmentWebhook,
  decodeInstallmentWebhook,
  isInstallmentBankSlipUpdate,
  isInstallmentStatusChange,
} from '../src'
import { loadFixture, validFixtureNames } from './fixtures'

describe('InstallmentWebhook (the io-ts codec)', () => {
  it.each(validFixtureNames)('decodes %s to the input itself, and its is() agrees', (name) => {
    const payload = loadFixture(name)
    const result = InstallmentWebhook.decode(payload)
    expect(result._tag === 'Right' && result.right).toBe(payload)
    expect(InstallmentWebhook.is(payload)).toBe(true)
  })

  it.each([
    ['another webhook_type', { ...loadFixture('seed-paid.json'), webhook_type: 'other' }],
    ['an unknown data.status', { ...loadFixture('seed-paid.json'), data: { status: 'canceled' } }],
    ['a missing data', { key: 'k', webhook_type: 'installment.status_change' }],
    ['an array', []],
  ])('rejects %s in decode and in is()', (_, payload) => {
    expect(InstallmentWebhook.decode(payload)._tag).toBe('Left')
    expect(InstallmentWebhook.is(payload)).toBe(false)
  })

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
    expect(InstallmentWebhook.decode(payload)._tag).toBe('Left')
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
