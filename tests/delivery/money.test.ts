import Decimal from 'decimal.js'
import fc from 'fast-check'
import { amountToDecimalString, amountToMinorUnits } from '../../src/delivery'

type AmountRounding = Exclude<Parameters<typeof amountToMinorUnits>[1]['rounding'], 'exact'>
import { propertySettings } from '../property-settings'

const right = <A>(value: A) => ({ _tag: 'Right', right: value })

/** The error a Left carries, or a failed expectation. */
const leftOf = (result: { _tag: string; left?: unknown }) => {
  expect(result._tag).toBe('Left')
  return result.left as { code: string; message: string; amount: unknown }
}

describe('amountToMinorUnits', () => {
  it('converts 1.005 to 101 centavos half-up, where Math.round(1.005 * 100) gives 100', () => {
    expect(Math.round(1.005 * 100)).toBe(100)
    expect(amountToMinorUnits(1.005, { rounding: 'half-up' })).toEqual(right(101))
  })

  it.each([
    // amount, scale, half-even, half-up
    [1009.68, 2, 100968, 100968],
    [0.125, 2, 12, 13],
    [0.135, 2, 14, 14],
    [-0.125, 2, -12, -13],
    [2.5, 0, 2, 3],
    [3.5, 0, 4, 4],
    [-2.5, 0, -2, -3],
    [5.11785875, 2, 512, 512],
    [5.11785875, 4, 51179, 51179],
    [5.11785875, 7, 51178588, 51178588],
    [5.11785875, 8, 511785875, 511785875],
    [141.07452576, 2, 14107, 14107],
    [0.000000005, 8, 0, 1],
    [0.000000015, 8, 2, 2],
    [1e-7, 2, 0, 0],
    [1.5e-7, 7, 2, 2],
    [123456789012.345, 2, 12345678901234, 12345678901235],
  ])('%p at scale %p is %p half-even and %p half-up', (amount, scale, halfEven, halfUp) => {
    expect(amountToMinorUnits(amount, { scale, rounding: 'half-even' })).toEqual(right(halfEven))
    expect(amountToMinorUnits(amount, { scale, rounding: 'half-up' })).toEqual(right(halfUp))
  })

  it('returns INEXACT_AMOUNT for 10.005 at scale 2 with exact rounding, and 1001 for 10.01', () => {
    const error = leftOf(amountToMinorUnits(10.005, { scale: 2, rounding: 'exact' }))
    expect(error.code).toBe('INEXACT_AMOUNT')
    expect(error.amount).toBe(10.005)
    expect(error.message).toMatch(/^qitech-installment-webhooks: INEXACT_AMOUNT: /)
    expect(error.message).not.toContain('10.005')
    expect(amountToMinorUnits(10.01, { scale: 2, rounding: 'exact' })).toEqual(right(1001))
  })

  it.each([
    [5.11785875, 8, right(511785875)],
    [5.11785875, 7, 'INEXACT_AMOUNT'],
    [1e-7, 2, 'INEXACT_AMOUNT'],
    [1e-7, 7, right(1)],
    [100, 0, right(100)],
    [-12.5, 1, right(-125)],
    [-12.5, 0, 'INEXACT_AMOUNT'],
    [0, 0, right(0)],
    [1e21, 2, 'UNSAFE_INTEGER'],
  ])('converts %p at scale %p exactly to %p', (amount, scale, expected) => {
    const result = amountToMinorUnits(amount, { scale, rounding: 'exact' })
    if (typeof expected === 'string') expect(leftOf(result).code).toBe(expected)
    else expect(result).toEqual(expected)
  })

  it('uses a scale of 2 when none is given', () => {
    expect(amountToMinorUnits(216.97, { rounding: 'half-even' })).toEqual(right(21697))
  })

  it('returns 0, never -0, for a negative amount that rounds to zero', () => {
    const result = amountToMinorUnits(-0.001, { rounding: 'half-up' })
    expect(result).toEqual(right(0))
    expect(Object.is((result as { right: number }).right, -0)).toBe(false)
    expect(Object.is((amountToMinorUnits(-0, { rounding: 'half-even' }) as { right: number }).right, -0)).toBe(false)
  })

  it('converts the largest safe integer and rejects the next one with UNSAFE_INTEGER', () => {
    expect(amountToMinorUnits(Number.MAX_SAFE_INTEGER, { scale: 0, rounding: 'half-even' })).toEqual(right(Number.MAX_SAFE_INTEGER))
    expect(amountToMinorUnits(90071992547409.9, { rounding: 'half-even' })).toEqual(right(9007199254740990))
    const error = leftOf(amountToMinorUnits(2 ** 53, { scale: 0, rounding: 'half-even' }))
    expect(error.code).toBe('UNSAFE_INTEGER')
    expect(error.amount).toBe(2 ** 53)
    expect(leftOf(amountToMinorUnits(90071992547410, { rounding: 'half-even' })).code).toBe('UNSAFE_INTEGER')
  })

  it.each([1e21, -1e300, Number.MAX_VALUE])('rejects %p, whose minor units are not a safe integer, with UNSAFE_INTEGER', (amount) => {
    const error = leftOf(amountToMinorUnits(amount, { rounding: 'half-up' }))
    expect(error.code).toBe('UNSAFE_INTEGER')
    expect(error.message).toMatch(/^qitech-installment-webhooks: UNSAFE_INTEGER: .*amountToDecimalString/)
  })

  it.each([NaN, Infinity, -Infinity, '1.5', null, undefined, 10n])(
    'rejects %p with NOT_A_FINITE_NUMBER and keeps it on the error',
    (amount) => {
      const error = leftOf(amountToMinorUnits(amount as number, { rounding: 'half-even' }))
      expect(error.code).toBe('NOT_A_FINITE_NUMBER')
      expect(error.amount).toBe(amount)
      expect(error.message).toMatch(/^qitech-installment-webhooks: NOT_A_FINITE_NUMBER: /)
    },
  )

  it.each([
    [{ scale: 2.5, rounding: 'half-even' }],
    [{ scale: -1, rounding: 'half-even' }],
    [{ scale: 21, rounding: 'half-even' }],
    [{ scale: NaN, rounding: 'half-even' }],
    [{ scale: '2', rounding: 'half-even' }],
    [{ rounding: 'half-down' }],
    [{ rounding: 'HALF_EVEN' }],
    [{}],
    [undefined],
    [null],
  ])('rejects the options %p with INVALID_OPTIONS, never guessing a rounding or scale', (options) => {
    const error = leftOf(amountToMinorUnits(1.5, options as never))
    expect(error.code).toBe('INVALID_OPTIONS')
    expect(error.message).toMatch(/^qitech-installment-webhooks: INVALID_OPTIONS: /)
  })

  it('keeps amounts out of the message: payment data stays on the error value only', () => {
    const error = leftOf(amountToMinorUnits(90071992547410, { rounding: 'half-even' }))
    expect(error.message).not.toContain('9007199254741')
  })
})

describe('amountToDecimalString', () => {
  it.each([
    [141.07452576, '141.07452576'],
    [5.11785875, '5.11785875'],
    [1009.68, '1009.68'],
    [1.5, '1.5'],
    [100, '100'],
    [0, '0'],
    [-0, '0'],
    [-12.5, '-12.5'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [-2.5e-10, '-0.00000000025'],
    [1e21, '1000000000000000000000'],
    [1.2345e25, '12345000000000000000000000'],
    [123456789012345, '123456789012345'],
    [0.1 + 0.2, '0.30000000000000004'],
  ])('writes %p as %s, with no exponent', (amount, text) => {
    expect(amountToDecimalString(amount)).toEqual(right(text))
  })

  it.each([NaN, Infinity, -Infinity, '1', null])('rejects %p with NOT_A_FINITE_NUMBER', (amount) => {
    expect(leftOf(amountToDecimalString(amount as number)).code).toBe('NOT_A_FINITE_NUMBER')
  })
})

// Amounts as QI Tech writes them: up to 8 decimals, at most 15 significant digits in all.
const decimalText = fc
  .tuple(
    fc.boolean(),
    fc.integer({ min: 0, max: 9_999_999 }),
    fc.integer({ min: 0, max: 99_999_999 }),
    fc.integer({ min: 0, max: 8 }),
  )
  .map(([negative, whole, fraction, decimals]) => {
    const digits = String(fraction).padStart(8, '0').slice(0, decimals)
    return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${digits}` : ''}`
  })

const decimalRounding: Record<AmountRounding, Decimal.Rounding> = {
  'half-even': Decimal.ROUND_HALF_EVEN,
  'half-up': Decimal.ROUND_HALF_UP,
}

describe('amountToMinorUnits and amountToDecimalString against decimal.js', () => {
  it('agree with decimal.js on random amounts with up to 8 decimals, every scale from 0 to 8 and both roundings', () => {
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 0, max: 8 }), fc.constantFrom<AmountRounding>('half-even', 'half-up'), (text, scale, rounding) => {
        const expected = new Decimal(text).times(new Decimal(10).pow(scale)).toDecimalPlaces(0, decimalRounding[rounding]).toNumber()
        expect(amountToMinorUnits(Number(text), { scale, rounding })).toEqual(right(expected === 0 ? 0 : expected))
      }),
      propertySettings(3000),
    )
  })

  it('give back the decimal text QI Tech sent (without trailing zeros) for amounts of up to 15 significant digits', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const expected = new Decimal(text)
        expect(amountToDecimalString(Number(text))).toEqual(right(expected.isZero() ? '0' : expected.toFixed()))
      }),
      propertySettings(1000),
    )
  })

  it('round-trip any finite double: the text has no exponent, decimal.js reads it as the shortest decimal of the number, and Number() gives the number back', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (amount) => {
        const result = amountToDecimalString(amount)
        expect(result._tag).toBe('Right')
        const text = (result as { right: string }).right
        expect(text).toMatch(/^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/)
        expect(Number(text)).toBe(amount === 0 ? 0 : amount)
        expect(new Decimal(text).equals(new Decimal(String(amount)))).toBe(true)
      }),
      propertySettings(1000),
    )
  })

  it('with exact rounding, agree with decimal.js on random amounts, or report INEXACT_AMOUNT exactly when decimals are beyond the scale', () => {
    fc.assert(
      fc.property(fc.oneof(decimalText.map(Number), fc.double({ noNaN: true, noDefaultInfinity: true })), fc.integer({ min: 0, max: 20 }), (amount, scale) => {
        const decimal = new Decimal(String(amount))
        const minor = decimal.times(new Decimal(10).pow(scale))
        const result = amountToMinorUnits(amount, { scale, rounding: 'exact' })
        if (decimal.decimalPlaces() > scale) expect(leftOf(result).code).toBe('INEXACT_AMOUNT')
        else if (minor.abs().gt(Number.MAX_SAFE_INTEGER)) expect(leftOf(result).code).toBe('UNSAFE_INTEGER')
        else expect(result).toEqual(right(minor.isZero() ? 0 : minor.toNumber()))
      }),
      propertySettings(2000),
    )
  })

  it('agree with decimal.js reading the shortest decimal text of any finite double, or report UNSAFE_INTEGER exactly when the result is not safe', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 0, max: 20 }),
        fc.constantFrom<AmountRounding>('half-even', 'half-up'),
        (amount, scale, rounding) => {
          const expected = new Decimal(String(amount)).times(new Decimal(10).pow(scale)).toDecimalPlaces(0, decimalRounding[rounding])
          const result = amountToMinorUnits(amount, { scale, rounding })
          if (expected.abs().lte(Number.MAX_SAFE_INTEGER)) expect(result).toEqual(right(expected.isZero() ? 0 : expected.toNumber()))
          else expect(leftOf(result).code).toBe('UNSAFE_INTEGER')
        },
      ),
      propertySettings(1000),
    )
  })
})
