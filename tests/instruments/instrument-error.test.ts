import fc from 'fast-check'
import type { BankSlipInstallment } from 'qitech-installment-webhooks'
import { type InstrumentError, checkBankSlipInstallment, parseBoletoLine, parsePixCode } from 'qitech-installment-webhooks/instruments'
import { propertySettings } from '../property-settings'
import { boletoLineOf, pixCodeOf, withCrc } from './build-instruments'

const CODES = ['TOO_LONG', 'INVALID_FORMAT', 'COLLECTION_LINE', 'INVALID_CHECK_DIGIT', 'INVALID_CRC', 'NOT_PIX', 'INVALID_FIELD', 'INVALID_OPTIONS', 'INVALID_INSTALLMENT']
const WITH_FIELD = ['INVALID_CHECK_DIGIT', 'INVALID_FIELD']

/** The errors of each reader given `input`: as a line, as a Pix code, as `near`, as a bank-slip item's due date. */
const errorsOf = (input: string): InstrumentError[] =>
  [
    parseBoletoLine(input, { near: '2024-07-17' }),
    parsePixCode(input),
    parseBoletoLine('32990001455000000000503007797909797660000100000', { near: input }),
    checkBankSlipInstallment({ due_date: input, total_amount: 1000 } as unknown as BankSlipInstallment),
  ].flatMap((result) => (result._tag === 'Left' ? [result.left] : []))

// A valid line or code with one character changed, anywhere, to any character.
const damaged = (valid: fc.Arbitrary<string>) =>
  fc.tuple(valid, fc.nat(), fc.string({ minLength: 1, maxLength: 1 })).map(([text, n, char]) => {
    const at = n % text.length
    return `${text.slice(0, at)}${char}${text.slice(at + 1)}`
  })
const line = fc
  .record({ bank: fc.integer({ min: 1, max: 999 }), factor: fc.integer({ min: 1000, max: 9999 }), amount: fc.integer({ min: 0, max: 9_999_999_999 }), free: fc.stringMatching(/^\d{25}$/) })
  .map(({ bank, factor, amount, free }) => boletoLineOf({ bank: String(bank).padStart(3, '0'), factor, amount, free }))
const collectionLine = fc.stringMatching(/^8\d{47}$/)
const code = fc.record({ key: fc.uuid(), centavos: fc.option(fc.integer({ min: 1, max: 99_999_999 }), { nil: undefined }) }).map(({ key, centavos }) =>
  pixCodeOf({ key, amount: centavos === undefined ? undefined : (centavos / 100).toFixed(2) }),
)
// A code whose content changed but whose CRC was computed again: the fields themselves are read.
const recrc = code.chain((valid) => damaged(fc.constant(valid.slice(0, -8))).map(withCrc))

describe('InstrumentError', () => {
  it('has a known code, a message that names it, and a field exactly when the code says where', () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(fc.oneof(damaged(line), damaged(code), recrc, collectionLine, fc.string()), (input) => {
        for (const error of errorsOf(input)) {
          seen.add(error.code)
          expect(CODES).toContain(error.code)
          expect(error.message.startsWith(`qitech-installment-webhooks: ${error.code}: `)).toBe(true)
          expect(Object.keys(error).sort()).toEqual(WITH_FIELD.includes(error.code) ? ['code', 'field', 'message'] : ['code', 'message'])
        }
      }),
      propertySettings(400),
    )
    // The inputs reach every code, so no code's shape goes unchecked.
    expect([...seen].sort()).toEqual([...CODES].sort())
  })

  it('never carries the line, the Pix key or the amount it was given', () => {
    fc.assert(
      fc.property(fc.oneof(damaged(line), damaged(code), recrc), (input) => {
        const digits = input.match(/\d{8,}/g) ?? []
        const keys = input.match(/[0-9a-f]{8}-[0-9a-f]{4}/g) ?? []
        const amounts = input.match(/(?<!\d)\d+\.\d\d/g) ?? []
        for (const { message } of errorsOf(input)) for (const secret of [...digits, ...keys, ...amounts]) expect(message).not.toContain(secret)
      }),
      propertySettings(400),
    )
  })
})
