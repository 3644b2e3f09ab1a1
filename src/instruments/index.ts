export { type BoletoLine, type ParseBoletoLineOptions, parseBoletoLine } from './boleto-line'
export { type PixBrCode, type PixCode, type PixUrl, parsePixCode } from './pix-code'
export {
  type BankSlipInstallmentCheck,
  type BankSlipInstallmentDifference,
  checkBankSlipInstallment,
} from './bank-slip-check'
export { type InstrumentError, type InstrumentErrorCode } from './instrument-error'
