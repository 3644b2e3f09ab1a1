import { errorBrand, errorMessage, hasBrand, setBrand } from './error-brand'

/**
 * Every way a body can fail to be an installment webhook.
 * @example
 * import { installmentWebhookErrorCodes } from 'qitech-installment-webhooks'
 * for (const code of installmentWebhookErrorCodes) console.log(code) // INVALID_JSON, NOT_AN_OBJECT, ...
 */
export const installmentWebhookErrorCodes = [
  'INVALID_JSON',
  'NOT_AN_OBJECT',
  'UNSUPPORTED_WEBHOOK_TYPE',
  'UNKNOWN_STATUS',
  'INVALID_PAYLOAD',
] as const

/**
 * Why a body was rejected:
 * - `INVALID_JSON`: the body is not UTF-8 JSON text;
 * - `NOT_AN_OBJECT`: the JSON is not an object;
 * - `UNSUPPORTED_WEBHOOK_TYPE`: `webhook_type` is a string other than `installment.status_change`;
 * - `UNKNOWN_STATUS`: `data.status` is a string that is neither an installment status nor `update`;
 * - `INVALID_PAYLOAD`: a field is missing or has the wrong type (see `issues`).
 */
export type InstallmentWebhookErrorCode = (typeof installmentWebhookErrorCodes)[number]

/** One problem found in a body. */
export interface InstallmentWebhookIssue {
  /** Where, e.g. `data.installment.events[0].amount`; empty for the body itself. */
  readonly path: string
  /** What the field must be, e.g. `Amount | null`. */
  readonly expected: string
  /** A short description of what was there, e.g. `string (12 chars)`; never the value itself. */
  readonly received: string
}

const ERROR_BRAND = /* @__PURE__ */ errorBrand('InstallmentWebhookError')
const ISSUES_IN_MESSAGE = 3

const headlines: Record<InstallmentWebhookErrorCode, string> = {
  INVALID_JSON: 'the body is not valid UTF-8 JSON',
  NOT_AN_OBJECT: 'the body is not a JSON object',
  UNSUPPORTED_WEBHOOK_TYPE: 'webhook_type is not installment.status_change',
  UNKNOWN_STATUS: 'data.status is neither an installment status nor "update"',
  INVALID_PAYLOAD: 'the payload does not match the installment webhook',
}

const formatMessage = (code: InstallmentWebhookErrorCode, issues: ReadonlyArray<InstallmentWebhookIssue>): string => {
  const shown = issues
    .slice(0, ISSUES_IN_MESSAGE)
    .map((i) => `${i.path === '' ? '(body)' : i.path}: expected ${i.expected}, received ${i.received}`)
  const rest = issues.length - shown.length
  const text = `${headlines[code]}${shown.length > 0 ? `; ${shown.join('; ')}` : ''}${
    rest > 0 ? `; and ${rest} more issue${rest === 1 ? '' : 's'}` : ''
  }`
  return errorMessage(code, text)
}

/**
 * The one error this package returns (or throws, from `parseInstallmentWebhook`). Its `message` names the first
 * issues and counts the rest, is under 1,000 characters and holds no payment data; the rejected body stays on
 * `payload` so it can be stored and replayed. `payload` is not enumerable, so loggers that serialise the error do
 * not copy the payment data. The error `decodeInstallmentWebhook` returns carries no stack frames (it is a value,
 * and collecting a stack costs more than decoding a valid body); `parseInstallmentWebhook` throws it with the
 * stack of its caller.
 * @example
 * import { decodeInstallmentWebhook } from 'qitech-installment-webhooks'
 * const result = decodeInstallmentWebhook('{"webhook_type":"other"}')
 * if (result._tag === 'Left') console.log(result.left.code, result.left.issues[0]?.path)
 */
export class InstallmentWebhookError extends Error {
  /** Why the body was rejected. */
  readonly code: InstallmentWebhookErrorCode
  /** Every problem found, in payload order. */
  readonly issues: ReadonlyArray<InstallmentWebhookIssue>
  /** The parsed body, or the original input when it did not parse. Not enumerable. */
  declare readonly payload: unknown

  constructor(code: InstallmentWebhookErrorCode, issues: ReadonlyArray<InstallmentWebhookIssue>, payload: unknown) {
    super(formatMessage(code, issues))
    this.name = 'InstallmentWebhookError'
    this.code = code
    this.issues = issues
    Object.defineProperty(this, 'payload', { value: payload, enumerable: false, writable: false })
    setBrand(this, ERROR_BRAND)
  }
}

/**
 * Makes the error without collecting a stack trace, when the runtime lets `Error.stackTraceLimit` be set; see
 * {@link InstallmentWebhookError}. Internal: not re-exported.
 */
export const createInstallmentWebhookError = (
  code: InstallmentWebhookErrorCode,
  issues: ReadonlyArray<InstallmentWebhookIssue>,
  payload: unknown,
): InstallmentWebhookError => {
  const limit = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit')
  if (limit === undefined || limit.writable !== true) return new InstallmentWebhookError(code, issues, payload)
  Error.stackTraceLimit = 0
  try {
    return new InstallmentWebhookError(code, issues, payload)
  } finally {
    Error.stackTraceLimit = limit.value as number
  }
}

/** Gives `error` the stack of the code that called `caller`, where the runtime supports it. Internal. */
export const captureStackOf = (error: InstallmentWebhookError, caller: (...args: never[]) => unknown): void => {
  if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(error, caller)
}

/**
 * True when `value` is an {@link InstallmentWebhookError}, also one made by another loaded copy of this package
 * (its CommonJS and ESM builds, or two versions in one `node_modules`).
 * @example
 * import { isInstallmentWebhookError, parseInstallmentWebhook } from 'qitech-installment-webhooks'
 * try {
 *   parseInstallmentWebhook('not json')
 * } catch (error) {
 *   if (isInstallmentWebhookError(error)) console.log(error.code) // 'INVALID_JSON'
 * }
 */
export const isInstallmentWebhookError = (value: unknown): value is InstallmentWebhookError =>
  hasBrand(value, ERROR_BRAND)
