// Compiled by `npm run test:types` (tsc --noEmit), never run: each `@ts-expect-error` says what must not compile.
import type { BankSlipInstallment } from '../../src'
import {
  type BankSlipInstallmentDifference,
  type InstrumentErrorCode,
  type PixCode,
  checkBankSlipInstallment,
  parseBoletoLine,
  parsePixCode,
} from '../../src/instruments'

declare const item: BankSlipInstallment

// The README's "Boleto and Pix" section: forward a charge only when both instruments read and agree.
export const forwardable = (): boolean => {
  const check = checkBankSlipInstallment(item)
  if (check._tag === 'Left') return false
  const { boleto, pix, differences } = check.right
  return boleto?._tag !== 'Left' && pix?._tag !== 'Left' && differences.length === 0
}

export const describeDifference = (difference: BankSlipInstallmentDifference): string => {
  switch (difference.kind) {
    case 'boleto_amount':
      return `${difference.expected} ${difference.found ?? 'open'}`
    case 'boleto_due_date':
      return `${difference.expected} ${difference.found ?? 'none'}`
    case 'pix_amount': {
      const found: number = difference.found
      return `${difference.expected} ${found}`
    }
  }
}

export const pixKey = (code: PixCode): string | null => {
  // @ts-expect-error a URL has no key: narrow on kind first
  const unnarrowed = code.key
  void unnarrowed
  return code.kind === 'br-code' ? code.key : null
}

export const dueDate = (line: string): string | null => {
  // @ts-expect-error `near` is required: a factor names a date every 9,000 days
  parseBoletoLine(line, {})
  const boleto = parseBoletoLine(line, { near: '2024-07-17' })
  return boleto._tag === 'Right' ? boleto.right.dueDate : null
}

export const codeOf = (code: string): InstrumentErrorCode | 'ok' => {
  const pix = parsePixCode(code)
  return pix._tag === 'Left' ? pix.left.code : 'ok'
}

// @ts-expect-error codes form a closed union
export const unknownCode: InstrumentErrorCode = 'BAD_LINE'
