import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type BankSlipInstallment, decodeInstallmentWebhook, isInstallmentBankSlipUpdate } from 'qitech-installment-webhooks'
import { checkBankSlipInstallment } from 'qitech-installment-webhooks/instruments'
import { propertySettings } from '../property-settings'
import { addDays, boletoLineOf, factorOf, pixCodeOf } from './build-instruments'

const seedItem = (): BankSlipInstallment => {
  const decoded = decodeInstallmentWebhook(readFileSync(join(__dirname, '..', '..', 'fixtures', 'seed-bank-slip-update.json'), 'utf8'))
  if (decoded._tag !== 'Right' || !isInstallmentBankSlipUpdate(decoded.right)) throw new Error('the seed bank-slip update must decode')
  return decoded.right.data.installments[0]
}

const checkOf = (item: BankSlipInstallment) => {
  const result = checkBankSlipInstallment(item)
  if (result._tag !== 'Right') throw new Error(`expected a Right, got ${JSON.stringify(result)}`)
  return result.right
}

const FREE = '0001450000000000300779790'
const itemOf = (overrides: Partial<Record<keyof BankSlipInstallment, unknown>>): BankSlipInstallment =>
  ({
    installment_key: 'bc60ad8e-4dc1-4edc-8c5b-6df1b5c9415d',
    due_date: '2025-03-10',
    total_amount: 216.97,
    digitable_line: boletoLineOf({ bank: '329', factor: factorOf('2025-03-10'), amount: 21697, free: FREE }),
    qr_code_url: pixCodeOf({ key: 'dc4a27db-2fe1-474d-aa02-88d6fffb8d0d', amount: '216.97' }),
    ...overrides,
  }) as BankSlipInstallment

describe('checkBankSlipInstallment on the seed example', () => {
  it('reads both instruments and finds its two differences: 1000.00 against 216.97, 2024-07-03 against 2024-07-17', () => {
    const check = checkOf(seedItem())
    expect(check.boleto).toMatchObject({ _tag: 'Right', right: { bankCode: '329', dueDateFactor: 9766, dueDate: '2024-07-03', amountMinor: 100000 } })
    expect(check.pix).toMatchObject({ _tag: 'Right', right: { kind: 'br-code', key: 'dc4a27db-2fe1-474d-aa02-88d6fffb8d0d', amountMinor: null } })
    expect(check.differences).toEqual([
      { kind: 'boleto_amount', expected: 21697, found: 100000 },
      { kind: 'boleto_due_date', expected: '2024-07-17', found: '2024-07-03' },
    ])
  })
})

describe('checkBankSlipInstallment', () => {
  it('finds no difference when the boleto and the Pix code name the installment’s amount and due date', () => {
    expect(checkOf(itemOf({})).differences).toEqual([])
  })

  it('accepts a boleto due on business_due_date, the due date moved to a business day', () => {
    const line = boletoLineOf({ bank: '329', factor: factorOf('2025-03-10'), amount: 21697, free: FREE })
    expect(checkOf(itemOf({ due_date: '2025-03-08', business_due_date: '2025-03-10', digitable_line: line })).differences).toEqual([])
    expect(checkOf(itemOf({ due_date: '2025-03-08', digitable_line: line })).differences).toEqual([
      { kind: 'boleto_due_date', expected: '2025-03-08', found: '2025-03-10' },
    ])
  })

  it('reports a Pix amount that is not total_amount, and ignores a Pix code without amount or a URL', () => {
    expect(checkOf(itemOf({ qr_code_url: pixCodeOf({ key: 'k@qi.com', amount: '216.96' }) })).differences).toEqual([
      { kind: 'pix_amount', expected: 21697, found: 21696 },
    ])
    expect(checkOf(itemOf({ qr_code_url: pixCodeOf({ key: 'k@qi.com' }) })).differences).toEqual([])
    const url = checkOf(itemOf({ qr_code_url: 'https://pix.qitech.com.br/qr/7d20015e' }))
    expect([url.pix, url.differences]).toEqual([{ _tag: 'Right', right: { kind: 'url', url: 'https://pix.qitech.com.br/qr/7d20015e' } }, []])
  })

  it('reports a boleto with an open amount or without due date as a difference with found null', () => {
    const line = boletoLineOf({ bank: '329', factor: 0, amount: 0, free: FREE })
    expect(checkOf(itemOf({ digitable_line: line })).differences).toEqual([
      { kind: 'boleto_amount', expected: 21697, found: null },
      { kind: 'boleto_due_date', expected: '2025-03-10', found: null },
    ])
  })

  it('compares total_amount rounded half-even to centavos', () => {
    expect(checkOf(itemOf({ total_amount: 216.974525 })).differences).toEqual([])
    expect(checkOf(itemOf({ total_amount: 216.9651 })).differences).toEqual([])
    // A tie goes to the even neighbour: 216.965 is 21696 centavos, not the boleto's 21697.
    expect(checkOf(itemOf({ total_amount: 216.965, qr_code_url: null })).differences).toEqual([{ kind: 'boleto_amount', expected: 21696, found: 21697 }])
  })

  it('gives null for an absent or null instrument, and a Left for one that does not read, with no difference for it', () => {
    const none = checkOf(itemOf({ digitable_line: null, qr_code_url: undefined }))
    expect([none.boleto, none.pix, none.differences]).toEqual([null, null, []])
    const broken = checkOf(itemOf({ digitable_line: '32990001455000000000503007797909797660000100001', qr_code_url: 'not a code' }))
    expect(broken.boleto).toMatchObject({ _tag: 'Left', left: { code: 'INVALID_CHECK_DIGIT', field: '4' } })
    expect(broken.pix).toMatchObject({ _tag: 'Left', left: { code: 'INVALID_FORMAT' } })
    expect(broken.differences).toEqual([])
  })

  it.each([
    ['not an object', null],
    ['without due_date', { total_amount: 1 }],
    ['with a due_date that is no date', { due_date: '2025-02-30', total_amount: 1 }],
    ['with a total_amount that is no number', { due_date: '2025-03-10', total_amount: '216.97' }],
    ['with an infinite total_amount', { due_date: '2025-03-10', total_amount: Infinity }],
    ['whose due_date getter throws', Object.defineProperty({ total_amount: 1 }, 'due_date', { get: () => { throw new Error('trap') }, enumerable: true })],
    ['that is a Proxy whose traps throw', new Proxy({}, { get: () => { throw new Error('trap') }, ownKeys: () => { throw new Error('trap') } })],
  ])('answers INVALID_INSTALLMENT for an item %s, without throwing', (_name, item) => {
    expect(checkBankSlipInstallment(item as unknown as BankSlipInstallment)).toMatchObject({ _tag: 'Left', left: { code: 'INVALID_INSTALLMENT' } })
  })
})

describe('checkBankSlipInstallment properties', () => {
  const charge = fc.record({
    dueDate: fc.integer({ min: 0, max: 7670 }).map((days) => addDays('2015-01-01', days)),
    centavos: fc.integer({ min: 1, max: 99_999_999 }),
    boletoShift: fc.integer({ min: -370, max: 370 }),
    amountShift: fc.integer({ min: -1000, max: 1000 }),
  })

  it('lists exactly the differences built into a charge: boleto amount, boleto due date, Pix amount', () => {
    fc.assert(
      fc.property(charge, ({ dueDate, centavos, boletoShift, amountShift }) => {
        const boletoDate = addDays(dueDate, boletoShift)
        const found = Math.max(1, centavos + amountShift)
        const item = itemOf({
          due_date: dueDate,
          total_amount: centavos / 100,
          digitable_line: boletoLineOf({ bank: '001', factor: factorOf(boletoDate), amount: found, free: FREE }),
          qr_code_url: pixCodeOf({ key: 'k@qi.com', amount: (found / 100).toFixed(2) }),
        })
        const expected = [
          ...(found === centavos ? [] : [{ kind: 'boleto_amount', expected: centavos, found }]),
          ...(boletoDate === dueDate ? [] : [{ kind: 'boleto_due_date', expected: dueDate, found: boletoDate }]),
          ...(found === centavos ? [] : [{ kind: 'pix_amount', expected: centavos, found }]),
        ]
        expect(checkOf(item).differences).toEqual(expected)
      }),
      propertySettings(300),
    )
  })
})
