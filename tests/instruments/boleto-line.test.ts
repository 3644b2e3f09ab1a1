import { isValidBoleto } from '@brazilian-utils/brazilian-utils/is-valid-boleto'
import fc from 'fast-check'
import { parseBoletoLine } from 'qitech-installment-webhooks/instruments'
import { propertySettings } from '../property-settings'
import { addDays, barcodeOf, boletoLineOf, factorOf, mod11Remainder } from './build-instruments'

const SEED_LINE = '32990001455000000000503007797909797660000100000'
const SEED_FREE = '0001450000000000300779790'

const leftOf = (result: { _tag: string; left?: unknown }) => {
  expect(result._tag).toBe('Left')
  return result.left as { code: string; message: string; field?: string }
}
const rightOf = <A>(result: { _tag: 'Left' } | { _tag: 'Right'; right: A }): A => {
  if (result._tag !== 'Right') throw new Error(`expected a Right, got ${JSON.stringify(result)}`)
  return result.right
}

describe('parseBoletoLine on the seed example', () => {
  it('reads bank 329, reais, factor 9766 as 2024-07-03 and 100000 centavos', () => {
    expect(parseBoletoLine(SEED_LINE, { near: '2024-07-17' })).toEqual({
      _tag: 'Right',
      right: {
        line: SEED_LINE,
        barcode: `3299797660000100000${SEED_FREE}`,
        bankCode: '329',
        currencyCode: '9',
        dueDateFactor: 9766,
        dueDate: '2024-07-03',
        amountMinor: 100000,
      },
    })
  })

  it('reads the line written with dots and spaces, as printed on the slip', () => {
    const printed = '32990.00145 50000.000005 03007.797909 7 97660000100000'
    expect(parseBoletoLine(printed, { near: '2024-07-17' })).toEqual(parseBoletoLine(SEED_LINE, { near: '2024-07-17' }))
  })

  it('rejects every one of the 47 × 9 single-digit changes of the seed line with INVALID_CHECK_DIGIT', () => {
    const codes = new Set<string>()
    for (let i = 0; i < 47; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === SEED_LINE[i]) continue
        codes.add(leftOf(parseBoletoLine(`${SEED_LINE.slice(0, i)}${d}${SEED_LINE.slice(i + 1)}`, { near: '2024-07-17' })).code)
      }
    }
    expect([...codes]).toEqual(['INVALID_CHECK_DIGIT'])
  })
})

describe('parseBoletoLine resolves the due-date factor, which restarted at 1000 on 2025-02-22', () => {
  const cases = [
    ['2024-07-03', 9766],
    ['2024-12-31', 9947],
    ['2025-02-21', 9999],
    ['2025-02-22', 1000],
    ['2025-02-23', 1001],
    ['2026-03-15', 1386],
    ['2026-12-31', 1677],
  ] as const
  const nearOffsets = [-365, -200, -1, 0, 1, 200, 365]

  it.each(cases)('a boleto due on %s (factor %i) resolves to that date for any near date within a year', (dueDate, factor) => {
    expect(factorOf(dueDate)).toBe(factor)
    const line = boletoLineOf({ bank: '329', factor, amount: 21697, free: SEED_FREE })
    for (const offset of nearOffsets) {
      expect([offset, rightOf(parseBoletoLine(line, { near: addDays(dueDate, offset) })).dueDate]).toEqual([offset, dueDate])
    }
  })

  it('gives 2049-02-22 for the seed factor 9766 near 2049, and 2000-07-03 for factor 1000 near 2000', () => {
    expect(rightOf(parseBoletoLine(SEED_LINE, { near: '2049-01-01' })).dueDate).toBe('2049-02-22')
    const line = boletoLineOf({ bank: '001', factor: 1000, amount: 1, free: SEED_FREE })
    expect(rightOf(parseBoletoLine(line, { near: '2000-01-01' })).dueDate).toBe('2000-07-03')
    expect(rightOf(parseBoletoLine(line, { near: '2025-01-01' })).dueDate).toBe('2025-02-22')
  })

  it('reads factor 0 as no due date and a factor below 1000 as its only date, in the first cycle', () => {
    const none = boletoLineOf({ bank: '237', factor: 0, amount: 5000, free: SEED_FREE })
    expect(rightOf(parseBoletoLine(none, { near: '2024-07-17' }))).toMatchObject({ dueDateFactor: 0, dueDate: null })
    const early = boletoLineOf({ bank: '237', factor: 1, amount: 5000, free: SEED_FREE })
    expect(rightOf(parseBoletoLine(early, { near: '2024-07-17' })).dueDate).toBe('1997-10-08')
  })

  it('reads a zero amount as an open amount (null) the payer types', () => {
    const open = boletoLineOf({ bank: '341', factor: 1200, amount: 0, free: SEED_FREE })
    expect(rightOf(parseBoletoLine(open, { near: '2025-09-10' })).amountMinor).toBeNull()
  })
})

describe('parseBoletoLine errors', () => {
  const near = '2024-07-17'

  it.each([
    ['a 46-digit line', SEED_LINE.slice(1)],
    ['a 48-digit line not starting with 8', `${SEED_LINE}0`],
    ['a 44-digit barcode', `3299797660000100000${SEED_FREE}`],
    ['a letter in the line', `${SEED_LINE.slice(0, 10)}O${SEED_LINE.slice(11)}`],
    ['text around the line', `linha: ${SEED_LINE}`],
    ['a line with a newline', `${SEED_LINE}\n`],
    ['an empty string', ''],
  ])('rejects %s with INVALID_FORMAT', (_name, line) => {
    expect(leftOf(parseBoletoLine(line, { near })).code).toBe('INVALID_FORMAT')
  })

  it('rejects a value that is not a string with INVALID_FORMAT, without throwing', () => {
    expect(leftOf(parseBoletoLine(47 as unknown as string, { near })).code).toBe('INVALID_FORMAT')
    expect(leftOf(parseBoletoLine(null as unknown as string, { near })).code).toBe('INVALID_FORMAT')
  })

  it.each([
    ['846100000005246100291102005460339004695895061080'],
    ['82630000001-1 09880010070-2 02410202400-0 00020510451-9'],
  ])('recognises the 48-digit collection (arrecadação) line %s and reports it as COLLECTION_LINE', (line) => {
    expect(leftOf(parseBoletoLine(line, { near }))).toEqual({
      code: 'COLLECTION_LINE',
      message: expect.stringMatching(/^qitech-installment-webhooks: COLLECTION_LINE: a 48-digit line starting with 8 is a collection/),
    })
  })

  it.each([
    [9, '1'],
    [20, '2'],
    [31, '3'],
    [32, '4'],
  ])('names the field whose check digit fails when the digit at index %i changes: field %s', (index, field) => {
    const changed = `${SEED_LINE.slice(0, index)}${(Number(SEED_LINE[index]) + 1) % 10}${SEED_LINE.slice(index + 1)}`
    expect(leftOf(parseBoletoLine(changed, { near }))).toMatchObject({ code: 'INVALID_CHECK_DIGIT', field })
  })

  it('rejects a general check digit of 0, which the rule never produces', () => {
    const zero = `${SEED_LINE.slice(0, 32)}0${SEED_LINE.slice(33)}`
    expect(leftOf(parseBoletoLine(zero, { near }))).toMatchObject({ code: 'INVALID_CHECK_DIGIT', field: '4' })
  })

  it('keeps the line out of the message', () => {
    const changed = `${SEED_LINE.slice(0, 40)}9${SEED_LINE.slice(41)}`
    const { message } = leftOf(parseBoletoLine(changed, { near }))
    expect(message).not.toContain(SEED_LINE.slice(33))
    expect(message.length).toBeLessThan(200)
  })

  it.each([[undefined], [{}], [{ near: '2024-02-30' }], [{ near: '17/07/2024' }], [{ near: 20240717 }]])(
    'rejects the options %p with INVALID_OPTIONS',
    (options) => {
      expect(leftOf(parseBoletoLine(SEED_LINE, options as unknown as { near: string })).code).toBe('INVALID_OPTIONS')
    },
  )

  it('rejects a line of more than 100 characters with TOO_LONG before reading it, however long', () => {
    expect(leftOf(parseBoletoLine(`${SEED_LINE} ${' '.repeat(53)}`, { near })).code).toBe('TOO_LONG')
    expect(leftOf(parseBoletoLine('1 '.repeat(5_000_000), { near })).code).toBe('TOO_LONG')
    expect(rightOf(parseBoletoLine(`${SEED_LINE} ${' '.repeat(52)}`, { near })).line).toBe(SEED_LINE)
  })
})

// Random banks, free fields, amounts (zero, small, up to the 10-digit maximum) and due dates from 2015 to 2035,
// on both sides of the 2025-02-22 restart, with a `near` date up to a year away.
const DAY_RANGE = { min: 0, max: 7670 } // 2015-01-01 + 7670 days = 2035-12-31
const boleto = fc.record({
  bank: fc.stringMatching(/^\d{3}$/),
  currency: fc.constantFrom('9', '0'),
  dueDate: fc.integer(DAY_RANGE).map((days) => addDays('2015-01-01', days)),
  amount: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 9_999_999_999 })),
  free: fc.stringMatching(/^\d{25}$/),
  nearOffset: fc.integer({ min: -365, max: 365 }),
})
const partsOf = (b: { bank: string; currency: string; dueDate: string; amount: number; free: string }) => ({
  bank: b.bank,
  currency: b.currency,
  factor: factorOf(b.dueDate),
  amount: b.amount,
  free: b.free,
})

describe('parseBoletoLine properties', () => {
  it('reads back the bank, currency, barcode, amount and due date of any generated line; brazilian-utils accepts it too', () => {
    fc.assert(
      fc.property(boleto, (b) => {
        const line = boletoLineOf(partsOf(b))
        expect(isValidBoleto(line)).toBe(true)
        expect(parseBoletoLine(line, { near: addDays(b.dueDate, b.nearOffset) })).toEqual({
          _tag: 'Right',
          right: {
            line,
            barcode: barcodeOf(partsOf(b)),
            bankCode: b.bank,
            currencyCode: b.currency,
            dueDateFactor: factorOf(b.dueDate),
            dueDate: b.dueDate,
            amountMinor: b.amount === 0 ? null : b.amount,
          },
        })
      }),
      propertySettings(300),
    )
  })

  // FEBRABAN's digits guarantee this much: fields 1 to 3 each have a mod 10 digit, and with weights 2 and 1 any
  // changed digit changes the sum mod 10; the general digit is itself checked. Field 5 (factor and amount) is covered
  // by the mod 11 general digit only, which writes remainders 0, 1 and 10 all as 1: a change that moves the barcode's
  // remainder within {0, 1, 10} keeps the digit, and no parser can see it.
  it('rejects any single changed digit, except in field 5 where the barcode’s mod 11 remainder stays within {0, 1, 10}', () => {
    fc.assert(
      fc.property(boleto, fc.nat(46), fc.integer({ min: 1, max: 9 }), (b, index, shift) => {
        const line = boletoLineOf(partsOf(b))
        const changed = `${line.slice(0, index)}${(Number(line[index]) + shift) % 10}${line.slice(index + 1)}`
        const result = parseBoletoLine(changed, { near: b.dueDate })
        const blind = new Set([0, 1, 10])
        const withoutDigit = (l: string) => l.slice(0, 4) + l.slice(33) + l.slice(4, 9) + l.slice(10, 20) + l.slice(21, 31)
        const undetectable = index >= 33 && blind.has(mod11Remainder(withoutDigit(line))) && blind.has(mod11Remainder(withoutDigit(changed)))
        expect(result._tag).toBe(undetectable ? 'Right' : 'Left')
        if (!undetectable) {
          const field = index < 10 ? '1' : index < 21 ? '2' : index < 32 ? '3' : '4'
          expect(leftOf(result)).toMatchObject({ code: 'INVALID_CHECK_DIGIT', field })
        }
      }),
      propertySettings(400),
    )
  })

  it('shows the blind spot: R$ 100.01 changed to R$ 50,000,100.01 by one digit keeps general digit 1, and reads', () => {
    const a = '23790000090000000000000000000000197660000010001'
    const b = '23790000090000000000000000000000197665000010001'
    expect([...a].filter((d, i) => d !== b[i])).toHaveLength(1)
    expect([boletoLineOf({ bank: '237', factor: 9766, amount: 10001, free: '0'.repeat(25) }), a[32], b[32]]).toEqual([a, '1', '1'])
    expect(rightOf(parseBoletoLine(a, { near: '2024-07-03' })).amountMinor).toBe(10001)
    expect(rightOf(parseBoletoLine(b, { near: '2024-07-03' })).amountMinor).toBe(5_000_010_001)
  })

  it('never throws and answers with a code for any short text of digits, dots, spaces and other characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '8', '9', '.', ' ', '-', 'x', '\u202e'), maxLength: 120 }), (text) => {
        const result = parseBoletoLine(text, { near: '2025-02-22' })
        if (result._tag === 'Left') expect(['INVALID_FORMAT', 'TOO_LONG', 'COLLECTION_LINE', 'INVALID_CHECK_DIGIT']).toContain(result.left.code)
      }),
      propertySettings(300),
    )
  })
})
