// Builders of boleto lines and Pix codes for the tests, written from FEBRABAN's layout and the BR Code manual, not
// from src/: each test parses what these build. The Pix CRC comes from pix-utils, an implementation of its own.
import { computeCRC } from 'pix-utils/dist/main/crc'

const DAY_MS = 86_400_000
const BASE_DAY = Date.UTC(1997, 9, 7) / DAY_MS

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS

/** The `YYYY-MM-DD` date `days` days after `date`. */
export const addDays = (date: string, days: number): string => new Date((dayOf(date) + days) * DAY_MS).toISOString().slice(0, 10)

/** FEBRABAN's due-date factor: days since 1997-10-07 up to 9999 (2025-02-21), then 1000 again on 2025-02-22. */
export const factorOf = (date: string): number => {
  const days = dayOf(date) - BASE_DAY
  return days <= 9999 ? days : ((days - 1000) % 9000) + 1000
}

const digitsOf = (s: string): number[] => [...s].map(Number)

/** The mod 10 check digit of a field of the typed line: weights 2, 1, 2, ... from the right, products' digits summed. */
export const mod10 = (digits: string): number => {
  let sum = 0
  digitsOf(digits)
    .reverse()
    .forEach((d, i) => {
      const product = d * (i % 2 === 0 ? 2 : 1)
      sum += Math.floor(product / 10) + (product % 10)
    })
  return (10 - (sum % 10)) % 10
}

/** The remainder of the barcode's 43 digits (all but the check digit) under weights 2 to 9 from the right, mod 11. */
export const mod11Remainder = (digits: string): number =>
  digitsOf(digits)
    .reverse()
    .reduce((sum, d, i) => sum + d * (2 + (i % 8)), 0) % 11

/** The general check digit: 11 minus the remainder, and 1 where that gives 0, 10 or 11. */
export const mod11 = (digits: string): number => {
  const digit = 11 - mod11Remainder(digits)
  return digit === 0 || digit === 10 || digit === 11 ? 1 : digit
}

export interface BoletoParts {
  bank: string
  currency?: string
  /** Due-date factor (4 digits), 0 for none. */
  factor: number
  /** Amount in centavos, 0 for an open amount. */
  amount: number
  /** The bank's 25-digit free field. */
  free: string
}

/** The 44-digit barcode of a bank boleto. */
export const barcodeOf = ({ bank, currency = '9', factor, amount, free }: BoletoParts): string => {
  const rest = `${String(factor).padStart(4, '0')}${String(amount).padStart(10, '0')}${free}`
  return `${bank}${currency}${mod11(`${bank}${currency}${rest}`)}${rest}`
}

/** The 47-digit typed line of a bank boleto, in FEBRABAN's five fields. */
export const boletoLineOf = (parts: BoletoParts): string => {
  const barcode = barcodeOf(parts)
  const field1 = `${barcode.slice(0, 4)}${barcode.slice(19, 24)}`
  const field2 = barcode.slice(24, 34)
  const field3 = barcode.slice(34, 44)
  return `${field1}${mod10(field1)}${field2}${mod10(field2)}${field3}${mod10(field3)}${barcode[4]}${barcode.slice(5, 19)}`
}

/** One EMV field: its two-digit ID, its two-digit length and its value. */
export const tlv = (id: string, value: string): string => `${id}${String(value.length).padStart(2, '0')}${value}`

/** Appends field 63, the CRC16/CCITT-FALSE of everything before it and of its own ID and length. */
export const withCrc = (body: string): string => `${body}6304${computeCRC(`${body}6304`)}`

export interface PixParts {
  key?: string
  location?: string
  /** Field 54 as written, e.g. `216.97`. */
  amount?: string
  name?: string
  city?: string
  txid?: string
  gui?: string
}

/** A static (key) or dynamic (location) Pix "copia e cola" code. */
export const pixCodeOf = ({ key, location, amount, name = 'QI SCD', city = 'SAO PAULO', txid = '***', gui = 'br.gov.bcb.pix' }: PixParts): string =>
  withCrc(
    tlv('00', '01') +
      tlv('26', tlv('00', gui) + (key === undefined ? '' : tlv('01', key)) + (location === undefined ? '' : tlv('25', location))) +
      tlv('52', '0000') +
      tlv('53', '986') +
      (amount === undefined ? '' : tlv('54', amount)) +
      tlv('58', 'BR') +
      tlv('59', name) +
      tlv('60', city) +
      tlv('62', tlv('05', txid)),
  )
