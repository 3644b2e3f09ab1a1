import { Amount, IsoDate, IsoDateTime, NonEmptyString } from '../src'
import {
  isAmountValue,
  isIntValue,
  isIsoDateTimeValue,
  isIsoDateValue,
  isNonEmptyStringValue,
  isOptionalAmount,
  isOptionalInt,
  isOptionalIsoDate,
  isOptionalIsoDateTime,
} from '../src/primitives'
import * as t from 'io-ts'

// Each branded codec and the predicate the hand-written guards use for it must give the same answer.
const scalars = [
  ['IsoDate', IsoDate, isIsoDateValue],
  ['IsoDateTime', IsoDateTime, isIsoDateTimeValue],
  ['NonEmptyString', NonEmptyString, isNonEmptyStringValue],
  ['Amount', Amount, isAmountValue],
  ['Int', t.Int, isIntValue],
] as const

const values: ReadonlyArray<unknown> = [
  '2022-10-28',
  '2023-02-29',
  '2022-09-27T07:03:35',
  '2026-02-13 20:38:07',
  '2022-09-27T24:00:00',
  '',
  'x',
  0,
  -0,
  1.5,
  1009.68,
  1e21,
  Infinity,
  -Infinity,
  NaN,
  null,
  undefined,
  true,
  [],
  {},
  new String('2022-10-28'),
  new Number(1),
]

describe.each(scalars)('%s', (_, codec, predicate) => {
  it.each(values)('and its guard predicate agree on %p', (value) => {
    expect(predicate(value)).toBe(codec.is(value))
    expect(codec.decode(value)._tag).toBe(codec.is(value) ? 'Right' : 'Left')
  })
})

describe('the branded scalars', () => {
  it('accept what QI Tech sends and keep it as it is', () => {
    expect(IsoDate.decode('2022-10-28')).toEqual({ _tag: 'Right', right: '2022-10-28' })
    expect(IsoDateTime.decode('2022-09-27T07:03:35')).toEqual({ _tag: 'Right', right: '2022-09-27T07:03:35' })
    expect(NonEmptyString.decode('92a05d9c-e457-4f28-9fa8-86be638ee2d0')._tag).toBe('Right')
    expect(Amount.decode(141.07452576)).toEqual({ _tag: 'Right', right: 141.07452576 })
  })

  it('reject what QI Tech never sends: impossible days, empty keys, non-finite amounts', () => {
    expect(IsoDate.is('2023-02-30')).toBe(false)
    expect(IsoDateTime.is('2022-09-27T07:03:60')).toBe(false)
    expect(NonEmptyString.is('')).toBe(false)
    expect(Amount.is(Infinity)).toBe(false)
    expect(Amount.is(NaN)).toBe(false)
  })
})

describe('the optional forms of the rules', () => {
  it.each([
    ['isOptionalAmount', isOptionalAmount, isAmountValue],
    ['isOptionalIsoDate', isOptionalIsoDate, isIsoDateValue],
    ['isOptionalIsoDateTime', isOptionalIsoDateTime, isIsoDateTimeValue],
    ['isOptionalInt', isOptionalInt, isIntValue],
  ] as const)('%s accepts undefined, null and what its rule accepts, and nothing else', (_, optional, rule) => {
    for (const value of values) expect(optional(value)).toBe(value === undefined || value === null || rule(value))
  })
})
