import { errorBrand, errorMessage, hasBrand, setBrand } from '../src/error-brand'

describe('errorMessage', () => {
  it('prefixes the package name and the code', () => {
    expect(errorMessage('INVALID_JSON', 'the body is not JSON')).toBe('qitech-installment-webhooks: INVALID_JSON: the body is not JSON')
  })

  it('cuts a long message to 999 characters, ending with an ellipsis', () => {
    const message = errorMessage('X', 'y'.repeat(2_000))
    expect(message).toHaveLength(999)
    expect(message.endsWith('…')).toBe(true)
    expect(errorMessage('X', 'y'.repeat(967))).toHaveLength(999)
    expect(errorMessage('X', 'y'.repeat(967)).endsWith('y')).toBe(true)
  })
})

describe('errorBrand, setBrand and hasBrand', () => {
  it('use one registered symbol per class name, so two copies of the package share it', () => {
    expect(errorBrand('A')).toBe(Symbol.for('qitech-installment-webhooks.A'))
    expect(errorBrand('A')).not.toBe(errorBrand('B'))
  })

  it('mark an error, or a prototype for all its instances, without an enumerable property', () => {
    const brand = errorBrand('Test')
    const error = new Error('x')
    setBrand(error, brand)
    expect(hasBrand(error, brand)).toBe(true)
    expect(Object.keys(error)).toEqual([])
    expect(Object.getOwnPropertySymbols(error).filter((symbol) => Object.prototype.propertyIsEnumerable.call(error, symbol))).toEqual([])
    expect(hasBrand({ ...error }, brand)).toBe(false)
    class Branded extends Error {}
    setBrand(Branded.prototype, brand)
    expect(hasBrand(new Branded(), brand)).toBe(true)
    expect(hasBrand(new Error('y'), brand)).toBe(false)
    expect(hasBrand(error, errorBrand('Other'))).toBe(false)
  })

  it.each([null, undefined, 'x', 1, { [Symbol.for('qitech-installment-webhooks.Test')]: 'yes' }])('says no for %p', (value) => {
    expect(hasBrand(value, errorBrand('Test'))).toBe(false)
  })

  it('says no, without throwing, for a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    expect(hasBrand(proxy, errorBrand('Test'))).toBe(false)
  })
})
