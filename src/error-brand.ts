// Internal helpers shared by the package's two error classes (the decoder's and the signature subpath's): the
// message prefix and bound, and the brand that lets a guard recognise an error made by another loaded copy of the
// package, where `instanceof` fails. Not re-exported.

const PACKAGE_NAME = 'qitech-installment-webhooks'
const MAX_MESSAGE_LENGTH = 999

/** `qitech-installment-webhooks: CODE: text`, cut to under 1,000 characters. */
export const errorMessage = (code: string, text: string): string => {
  const message = `${PACKAGE_NAME}: ${code}: ${text}`
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message
}

/** The brand of one error class: a registered symbol, the same in every copy of the package. */
export const errorBrand = (className: string): symbol => Symbol.for(`${PACKAGE_NAME}.${className}`)

/** Marks `target`, an error or an error class's prototype, with `brand`, as a non-enumerable property. */
export const setBrand = (target: object, brand: symbol): void => {
  Object.defineProperty(target, brand, { value: true, enumerable: false })
}

/** True when `value` carries `brand`. Never throws: guards run in catch blocks, also on a revoked or trapping Proxy. */
export const hasBrand = (value: unknown, brand: symbol): boolean => {
  if (typeof value !== 'object' || value === null) return false
  try {
    return (value as Record<symbol, unknown>)[brand] === true
  } catch {
    return false
  }
}
