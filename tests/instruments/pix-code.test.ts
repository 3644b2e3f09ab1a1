import fc from 'fast-check'
import { parsePixCode } from 'qitech-installment-webhooks/instruments'
import { propertySettings } from '../property-settings'
import { pixCodeOf, tlv, withCrc } from './build-instruments'

const SEED_CODE =
  '00020126580014br.gov.bcb.pix0136dc4a27db-2fe1-474d-aa02-88d6fffb8d0d5204000053039865802BR5921NeymarSportEMarketing6008saopaulo62070503***63040EB2'

const leftOf = (result: { _tag: string; left?: unknown }) => {
  expect(result._tag).toBe('Left')
  return result.left as { code: string; message: string; field?: string }
}

describe('parsePixCode on the seed example', () => {
  it('reads a valid CRC, the random Pix key, no amount and no txid', () => {
    expect(parsePixCode(SEED_CODE)).toEqual({
      _tag: 'Right',
      right: {
        kind: 'br-code',
        key: 'dc4a27db-2fe1-474d-aa02-88d6fffb8d0d',
        location: null,
        amountMinor: null,
        merchantName: 'NeymarSportEMarketing',
        merchantCity: 'saopaulo',
        txid: null,
      },
    })
  })

  it('is rebuilt exactly by the test builder, whose CRC is pix-utils’', () => {
    expect(pixCodeOf({ key: 'dc4a27db-2fe1-474d-aa02-88d6fffb8d0d', name: 'NeymarSportEMarketing', city: 'saopaulo' })).toBe(SEED_CODE)
  })

  it('rejects every single changed character of the seed code, to any printable ASCII character', () => {
    const accepted: string[] = []
    for (let i = 0; i < SEED_CODE.length; i++) {
      for (let c = 0x20; c <= 0x7e; c++) {
        const char = String.fromCharCode(c)
        if (char === SEED_CODE[i]) continue
        const changed = `${SEED_CODE.slice(0, i)}${char}${SEED_CODE.slice(i + 1)}`
        if (parsePixCode(changed)._tag === 'Right') accepted.push(changed)
      }
    }
    expect(accepted).toEqual([])
  })
})

describe('parsePixCode reads', () => {
  it.each([
    ['216.97', 21697],
    ['100', 10000],
    ['100.5', 10050],
    ['0.01', 1],
    ['9999999999.99', 999999999999],
  ])('an amount (54) of %s as %i centavos', (amount, centavos) => {
    expect(parsePixCode(pixCodeOf({ key: 'a@b.com', amount }))).toMatchObject({ _tag: 'Right', right: { amountMinor: centavos } })
  })

  it('a dynamic code’s location (26-25), with no key', () => {
    const code = pixCodeOf({ location: 'pix.example.com/qr/v2/9d36b84f-c70b-478f-b95c-12729b90ca25' })
    expect(parsePixCode(code)).toMatchObject({
      _tag: 'Right',
      right: { kind: 'br-code', key: null, location: 'pix.example.com/qr/v2/9d36b84f-c70b-478f-b95c-12729b90ca25' },
    })
  })

  it('a txid (62-05) other than ***', () => {
    expect(parsePixCode(pixCodeOf({ key: '+5511999999999', txid: 'QI2024071700001' }))).toMatchObject({ right: { txid: 'QI2024071700001' } })
  })

  it('the Pix GUI in any case, as the manual allows', () => {
    expect(parsePixCode(pixCodeOf({ key: 'a@b.com', gui: 'BR.GOV.BCB.PIX' }))).toMatchObject({ right: { key: 'a@b.com' } })
  })

  it.each([['https://pix.qitech.com.br/qr/v2/cobv/7d20015e'], ['http://example.com/pay?id=1']])(
    'a plain URL %s as a URL, not an error',
    (url) => {
      expect(parsePixCode(url)).toEqual({ _tag: 'Right', right: { kind: 'url', url } })
    },
  )
})

describe('parsePixCode errors', () => {
  it('rejects a CRC that does not match, and a lowercase CRC, with INVALID_CRC', () => {
    expect(leftOf(parsePixCode(`${SEED_CODE.slice(0, -4)}0EB3`)).code).toBe('INVALID_CRC')
    expect(leftOf(parsePixCode(`${SEED_CODE.slice(0, -4)}0eb2`)).code).toBe('INVALID_CRC')
  })

  it.each([
    ['an empty string', ''],
    ['the code cut short', SEED_CODE.slice(0, -1)],
    ['the code without its CRC field', SEED_CODE.slice(0, -8)],
    ['spaces around the code', ` ${SEED_CODE}`],
    ['a field longer than the text', withCrc('000201269900')],
    ['a field ID that is not two digits', withCrc('0002012A0401')],
    ['a second amount field', withCrc(`000201${tlv('26', tlv('00', 'br.gov.bcb.pix') + tlv('01', 'k'))}540510.005406999.00`)],
    ['a CRC field before the end', withCrc(`0002016304ABCD${tlv('26', tlv('00', 'br.gov.bcb.pix') + tlv('01', 'k'))}`)],
    ['a code not starting with 000201', withCrc(tlv('26', tlv('00', 'br.gov.bcb.pix') + tlv('01', 'k')) + '000201')],
    ['a non-ASCII character', pixCodeOf({ key: 'a@b.com', city: 'SÃO PAULO' })],
    ['a newline', `${SEED_CODE}\n`],
    ['a URL with a space', 'https://pix.example.com/a b'],
  ])('rejects %s with INVALID_FORMAT', (_name, code) => {
    expect(leftOf(parsePixCode(code)).code).toBe('INVALID_FORMAT')
  })

  it('rejects a value that is not a string with INVALID_FORMAT, without throwing', () => {
    expect(leftOf(parsePixCode(undefined as unknown as string)).code).toBe('INVALID_FORMAT')
    expect(leftOf(parsePixCode({ toString: () => SEED_CODE } as unknown as string)).code).toBe('INVALID_FORMAT')
  })

  it('rejects an EMV code of another scheme, or a Pix template with neither key nor location, with NOT_PIX', () => {
    expect(leftOf(parsePixCode(pixCodeOf({ key: 'a@b.com', gui: 'com.example.pay' }))).code).toBe('NOT_PIX')
    expect(leftOf(parsePixCode(pixCodeOf({}))).code).toBe('NOT_PIX')
    expect(leftOf(parsePixCode(pixCodeOf({ key: '' }))).code).toBe('NOT_PIX')
  })

  it.each([
    ['an amount with a comma', '54', { amount: '1,00' }],
    ['an amount with 3 decimals', '54', { amount: '1.005' }],
    ['a negative amount', '54', { amount: '-1.00' }],
    ['an amount in exponent notation', '54', { amount: '1e3' }],
    ['an empty merchant name', '59', { name: '' }],
    ['an empty merchant city', '60', { city: '' }],
  ])('rejects %s with INVALID_FIELD naming field %s', (_name, field, parts) => {
    expect(leftOf(parsePixCode(pixCodeOf({ key: 'a@b.com', ...parts })))).toMatchObject({ code: 'INVALID_FIELD', field })
  })

  it.each([
    ['52', '52', 'ABCD'],
    ['53', '53', '840'],
    ['58', '58', 'US'],
  ])('rejects a code whose field %s is not a Pix value with INVALID_FIELD', (_name, id, value) => {
    const code = pixCodeOf({ key: 'a@b.com' })
    const at = code.indexOf(id, code.indexOf('5204'))
    const changed = code.slice(0, at) + tlv(id, value) + code.slice(at + 4 + Number(code.slice(at + 2, at + 4)), -4)
    expect(leftOf(parsePixCode(withCrc(changed.slice(0, -4))))).toMatchObject({ code: 'INVALID_FIELD', field: id })
  })

  it('keeps the code, the key and the amount out of the message', () => {
    const { message } = leftOf(parsePixCode(`${SEED_CODE.slice(0, -4)}0EB3`))
    expect(message).toMatch(/^qitech-installment-webhooks: INVALID_CRC: /)
    expect(message).not.toContain('dc4a27db')
  })

  it('rejects a code of more than 2,048 characters with TOO_LONG before reading it, however long', () => {
    expect(leftOf(parsePixCode(`https://example.com/${'a'.repeat(2029)}`)).code).toBe('TOO_LONG')
    expect(leftOf(parsePixCode('0'.repeat(10_000_000))).code).toBe('TOO_LONG')
    expect(parsePixCode(`https://example.com/${'a'.repeat(2028)}`)._tag).toBe('Right')
  })

  it('reads a hostile 2,048-character code of many empty or nested fields and answers with a code', () => {
    expect(leftOf(parsePixCode(withCrc(`000201${'2604'.repeat(508)}`))).code).toBe('INVALID_FORMAT')
    expect(leftOf(parsePixCode(withCrc(`000201${'9900'.repeat(508)}`))).code).toBe('INVALID_FORMAT')
    expect(leftOf(parsePixCode(withCrc(`000201${tlv('26', '0000'.repeat(24))}${'8000'.repeat(400)}`))).code).toBe('INVALID_FORMAT')
  })
})

// Keys as the DICT has them (e-mail of up to 77 characters, phone, CPF, random UUID), amounts with 0 to 2 decimals or none, names and
// cities in printable ASCII.
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 25 })
const pix = fc.record({
  key: fc.oneof(fc.emailAddress({ size: 'small' }).filter((email) => email.length <= 77), fc.stringMatching(/^\+55\d{11}$/), fc.stringMatching(/^\d{11}$/), fc.uuid()),
  centavos: fc.option(fc.integer({ min: 1, max: 999_999_999_999 }), { nil: undefined }),
  decimals: fc.constantFrom(0, 1, 2),
  name: printable,
  city: printable.map((s) => s.slice(0, 15)),
  txid: fc.option(fc.stringMatching(/^[\dA-Z]{1,25}$/), { nil: undefined }),
})
const amountText = (centavos: number, decimals: number): string => {
  if (decimals === 2) return (centavos / 100).toFixed(2)
  if (decimals === 1) return `${Math.floor(centavos / 100)}.${Math.floor((centavos % 100) / 10)}`
  return String(Math.floor(centavos / 100))
}
const written = (centavos: number, decimals: number): number =>
  decimals === 2 ? centavos : decimals === 1 ? centavos - (centavos % 10) : centavos - (centavos % 100)

describe('parsePixCode properties', () => {
  it('reads back the key, amount, name, city and txid of any generated code', () => {
    fc.assert(
      fc.property(pix, (p) => {
        const amount = p.centavos === undefined ? undefined : amountText(p.centavos, p.decimals)
        const code = pixCodeOf({ key: p.key, amount, name: p.name, city: p.city, txid: p.txid })
        expect(parsePixCode(code)).toEqual({
          _tag: 'Right',
          right: {
            kind: 'br-code',
            key: p.key,
            location: null,
            amountMinor: p.centavos === undefined ? null : written(p.centavos, p.decimals),
            merchantName: p.name,
            merchantCity: p.city,
            txid: p.txid ?? null,
          },
        })
      }),
      propertySettings(300),
    )
  })

  // A CRC-16 catches every error burst of up to 16 bits, so every single changed byte: any character changed to
  // another printable ASCII one changes the CRC; any other character is not read at all.
  it('rejects any single changed character of a generated code', () => {
    const replacement = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), fc.constantFrom('\n', 'é', '\u202e', '😀'))
    fc.assert(
      fc.property(pix, fc.nat(), replacement, (p, n, char) => {
        const code = pixCodeOf({ key: p.key, amount: p.centavos === undefined ? undefined : amountText(p.centavos, 2), name: p.name, city: p.city })
        const index = n % code.length
        fc.pre(code[index] !== char)
        expect(parsePixCode(`${code.slice(0, index)}${char}${code.slice(index + 1)}`)._tag).toBe('Left')
      }),
      propertySettings(400),
    )
  })

  it('never throws and answers with a code for any short text of EMV-like pieces', () => {
    const piece = fc.constantFrom('00', '01', '02', '26', '25', '54', '62', '63', '04', '99', 'br.gov.bcb.pix', '6304', '***', 'A', '.')
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('')
        for (const code of [text, withCrc(text)]) {
          const result = parsePixCode(code)
          if (result._tag === 'Left') expect(['INVALID_FORMAT', 'INVALID_CRC', 'NOT_PIX', 'INVALID_FIELD']).toContain(result.left.code)
        }
      }),
      propertySettings(300),
    )
  })
})
