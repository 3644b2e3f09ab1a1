import type { Either } from 'fp-ts/Either'
import { right } from '../either'
import { type InstrumentError, instrumentFailure } from './instrument-error'

/** A Pix "copia e cola" code (BR Code): what the payer pastes into a bank app. */
export interface PixBrCode {
  /** A BR Code. */
  readonly kind: 'br-code'
  /** The receiver's Pix key (field 26-01), `null` in a dynamic code. */
  readonly key: string | null
  /** The location of a dynamic code's payload (field 26-25, a URL without its scheme), `null` in a static code. */
  readonly location: string | null
  /** The amount (field 54) in centavos; `null` when the code has none and the payer types it. */
  readonly amountMinor: number | null
  /** The receiver's name (field 59). */
  readonly merchantName: string
  /** The receiver's city (field 60). */
  readonly merchantCity: string
  /** The transaction id (field 62-05); `null` when absent or `***` (none). */
  readonly txid: string | null
}

/** A plain `http(s)://` URL where a Pix code was expected: QI Tech documents `qr_code_url` as the payment URL. */
export interface PixUrl {
  /** A URL. */
  readonly kind: 'url'
  /** The URL as given. */
  readonly url: string
}

/** What {@link parsePixCode} read: a BR Code, or a plain URL. */
export type PixCode = PixBrCode | PixUrl

const MAX_CODE_CHARS = 2048
const PIX_GUI = 'br.gov.bcb.pix'

/**
 * The fields of an EMV TLV text (a two-digit ID, a two-digit length, the value), or `undefined` when the text is not
 * a sequence of whole fields or names an ID twice.
 */
const fieldsOf = (text: string): Map<string, string> | undefined => {
  const fields = new Map<string, string>()
  let i = 0
  while (i < text.length) {
    const id = text.slice(i, i + 2)
    const length = text.slice(i + 2, i + 4)
    if (!/^\d\d$/.test(id) || !/^\d\d$/.test(length) || fields.has(id) || i + 4 + Number(length) > text.length) return undefined
    fields.set(id, text.slice(i + 4, i + 4 + Number(length)))
    i += 4 + Number(length)
  }
  return fields
}

/** CRC16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF), as EMV's field 63 writes it: 4 uppercase hex digits. */
const crc16 = (text: string): string => {
  let crc = 0xffff
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i) << 8
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc.toString(16).toUpperCase().padStart(4, '0')
}

/** Field 54 (`123.45`, `100`, `0.5`) in centavos, or `undefined` when it is not such a decimal. */
const amountOf = (text: string): number | undefined => {
  const match = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text)
  return match === null ? undefined : Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/**
 * Reads a Pix "copia e cola" code (an EMV BR Code): its fields, the CRC16 of field 63, the `br.gov.bcb.pix` account
 * template with its key (26-01) or location (26-25), the amount (54) in centavos, the receiver's name and city, and
 * the txid (62-05). A plain `http://` or `https://` URL, which QI Tech documents `qr_code_url` to hold, is returned
 * as `{ kind: 'url' }`, not as an error. Pure; never throws.
 *
 * The CRC catches any single changed character. Only printable ASCII is read (EMV's character set), and the CRC must
 * be written in uppercase hex as generators write it. In a dynamic code the payload at `location` is what the payer's
 * bank charges: an amount in field 54 is reported as written.
 * @example
 * import { parsePixCode } from 'qitech-installment-webhooks/instruments'
 * const pix = parsePixCode(
 *   '00020126580014br.gov.bcb.pix0136dc4a27db-2fe1-474d-aa02-88d6fffb8d0d5204000053039865802BR5921NeymarSportEMarketing6008saopaulo62070503***63040EB2',
 * )
 * if (pix._tag === 'Right' && pix.right.kind === 'br-code') console.log(pix.right.key, pix.right.amountMinor) // 'dc4a27db-…' null
 */
export const parsePixCode = (code: string): Either<InstrumentError, PixCode> => {
  if (typeof code !== 'string') return instrumentFailure('INVALID_FORMAT', 'a Pix code must be a string')
  if (code.length > MAX_CODE_CHARS) return instrumentFailure('TOO_LONG', `a Pix code has at most ${MAX_CODE_CHARS} characters`)
  if (/^https?:\/\/\S+$/i.test(code)) return right({ kind: 'url', url: code })
  if (!/^[\x20-\x7e]+$/.test(code)) return instrumentFailure('INVALID_FORMAT', 'a Pix code is printable ASCII text')
  // The CRC is the last field, over everything before its value: the text up to `6304`, then 4 hex digits.
  const fields = fieldsOf(code.slice(0, -8))
  if (fields === undefined || fields.has('63') || !code.startsWith('000201') || code.slice(-8, -4) !== '6304') {
    return instrumentFailure('INVALID_FORMAT', 'a Pix code is EMV fields (ID, length, value), 000201 first and the CRC 6304 last, each ID once')
  }
  if (crc16(code.slice(0, -4)) !== code.slice(-4)) {
    return instrumentFailure('INVALID_CRC', 'the CRC (field 63) does not match the code (it is 4 uppercase hex digits)')
  }
  let account: Map<string, string> | undefined
  for (let id = 26; id <= 51 && account === undefined; id++) {
    const template = fields.get(String(id))
    const inner = template === undefined ? undefined : fieldsOf(template)
    if (inner?.get('00')?.toLowerCase() === PIX_GUI) account = inner
  }
  const key = account?.get('01') || null
  const location = account?.get('25') || null
  if (key === null && location === null) {
    return instrumentFailure('NOT_PIX', `the code has no ${PIX_GUI} account template with a key (01) or a location (25)`)
  }
  if (!/^\d{4}$/.test(fields.get('52') ?? '')) return instrumentFailure('INVALID_FIELD', 'the merchant category code (52) must be 4 digits', '52')
  if (fields.get('53') !== '986') return instrumentFailure('INVALID_FIELD', 'the currency (53) of a Pix code is 986 (reais)', '53')
  if (fields.get('58') !== 'BR') return instrumentFailure('INVALID_FIELD', 'the country (58) of a Pix code is BR', '58')
  const merchantName = fields.get('59')
  if (!merchantName) return instrumentFailure('INVALID_FIELD', 'the merchant name (59) is required', '59')
  const merchantCity = fields.get('60')
  if (!merchantCity) return instrumentFailure('INVALID_FIELD', 'the merchant city (60) is required', '60')
  const amountText = fields.get('54')
  const amountMinor = amountText === undefined ? null : amountOf(amountText)
  if (amountMinor === undefined) return instrumentFailure('INVALID_FIELD', 'the amount (54) must be a decimal such as 123.45', '54')
  const additional = fields.get('62')
  const extra = additional === undefined ? new Map<string, string>() : fieldsOf(additional)
  if (extra === undefined) return instrumentFailure('INVALID_FIELD', 'the additional data (62) must be EMV fields', '62')
  const txid = extra.get('05')
  return right({
    kind: 'br-code',
    key,
    location,
    amountMinor,
    merchantName,
    merchantCity,
    txid: txid === undefined || txid === '***' ? null : txid,
  })
}
