// Shared with the signature subpath's error: the message prefix and bound, and the brand that survives two copies.
const PACKAGE_NAME = 'qitech-installment-webhooks'
const MAX_MESSAGE_LENGTH = 999

/** `qitech-installment-webhooks: CODE: text`, cut to under 1,000 characters. Internal. */
export const errorMessage = (code: string, text: string): string => {
  const message = `${PACKAGE_NAME}: ${code}: ${text}`
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message
}

/** The brand of one error class: a registered symbol, the same in every copy of the package. Internal. */
export const errorBrand = (className: string): symbol => Symbol.for(`${PACKAGE_NAME}.${className}`)

/** Marks an error with `brand`, as a non-enumerable property. Internal. */
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

/**
 * Why a body was rejected:
 * - `INVALID_JSON`: the body is not UTF-8 JSON text;
 * - `NOT_AN_OBJECT`: the JSON is not an object;
 * - `ENCODED_BODY`: a legacy `{"encoded_body": "<JWT>"}`, unwrapped by `receiveInstallmentWebhook` (`legacy: true`);
 * - `UNSUPPORTED_WEBHOOK_TYPE`: `webhook_type` is a string other than `installment.status_change`;
 * - `UNKNOWN_STATUS`: `data.status` is a string that is neither an installment status nor `update`;
 * - `INVALID_PAYLOAD`: a field is missing or has the wrong type (see `issues`).
 *
 * `UNSUPPORTED_WEBHOOK_TYPE` and `UNKNOWN_STATUS` mean a delivery QI Tech added after this version, not a broken
 * body: {@link InstallmentWebhookError.unsupported} is `true` for them.
 */
export type InstallmentWebhookErrorCode =
  | 'INVALID_JSON'
  | 'NOT_AN_OBJECT'
  | 'ENCODED_BODY'
  | 'UNSUPPORTED_WEBHOOK_TYPE'
  | 'UNKNOWN_STATUS'
  | 'INVALID_PAYLOAD'

/** One problem found in a body. */
export interface InstallmentWebhookIssue {
  /** Where, e.g. `data.installment.events[0].amount`; empty for the body itself. */
  readonly path: string
  /** What the field must be, e.g. `Amount | null`. */
  readonly expected: string
  /** A short description of what was there, e.g. `string (12 chars)`; never the value itself. */
  readonly received: string
}

/** The envelope fields of a rejected body, each present when the body has it as a string. */
export interface InstallmentWebhookEnvelope {
  /** The top-level `key`: the credit operation's key. */
  readonly key?: string
  /** The top-level `webhook_type`, e.g. `laas.credit_operation.installment.payment` for another QI webhook. */
  readonly webhook_type?: string
  /** `data.status`, e.g. a status QI Tech added after this version. */
  readonly status?: string
}

const ERROR_BRAND = /* @__PURE__ */ errorBrand('InstallmentWebhookError')
const ISSUES_IN_MESSAGE = 3

const headlines: Record<InstallmentWebhookErrorCode, string> = {
  INVALID_JSON: 'the body is not valid UTF-8 JSON',
  NOT_AN_OBJECT: 'the body is not a JSON object',
  ENCODED_BODY:
    'the body is a legacy (v1) signed envelope {"encoded_body": ...}: verify and unwrap it with ' +
    "receiveInstallmentWebhook(request, { legacy: true, ... }) from 'qitech-installment-webhooks/signature'",
  UNSUPPORTED_WEBHOOK_TYPE: 'webhook_type is not installment.status_change',
  UNKNOWN_STATUS: 'data.status is neither an installment status nor "update"',
  INVALID_PAYLOAD: 'the payload does not match the installment webhook',
}

const formatMessage = (code: InstallmentWebhookErrorCode, issues: ReadonlyArray<InstallmentWebhookIssue>, omitted: number): string => {
  const parts = issues
    .slice(0, ISSUES_IN_MESSAGE)
    .map((i) => `${i.path === '' ? '(body)' : i.path}: expected ${i.expected}, received ${i.received}`)
  const rest = issues.length - parts.length + omitted
  if (rest > 0) parts.push(`and ${rest} more issue${rest === 1 ? '' : 's'}`)
  return errorMessage(code, [headlines[code], ...parts].join('; '))
}

/**
 * The one error this package returns (without stack frames) or throws (from `parseInstallmentWebhook`, with its
 * caller's stack). Its `message` names the first issues and counts the rest, is under 1,000 characters and holds no
 * payment data; the rejected body stays on `payload`, not enumerable, so it can be stored and replayed but loggers
 * copy nothing of it.
 * @example
 * import { decodeInstallmentWebhook } from 'qitech-installment-webhooks'
 * const result = decodeInstallmentWebhook('{"webhook_type":"other"}')
 * if (result._tag === 'Left') console.log(result.left.code, result.left.issues[0]?.path)
 */
export class InstallmentWebhookError extends Error {
  /** Why the body was rejected. */
  readonly code: InstallmentWebhookErrorCode
  /** The problems found, in payload order: at most 100, whatever the body. */
  readonly issues: ReadonlyArray<InstallmentWebhookIssue>
  /** How many more problems the body has beyond `issues`, counted exactly but not described. */
  readonly omittedIssues: number
  /** `true` for `UNSUPPORTED_WEBHOOK_TYPE` and `UNKNOWN_STATUS`: store the body and acknowledge it, not reject it. */
  readonly unsupported: boolean
  // Private fields read through getters: not own properties, so serialising the error copies nothing from the body.
  readonly #payload: unknown
  readonly #envelope: InstallmentWebhookEnvelope

  constructor(
    code: InstallmentWebhookErrorCode,
    issues: ReadonlyArray<InstallmentWebhookIssue>,
    payload: unknown,
    envelope: InstallmentWebhookEnvelope = {},
    omittedIssues = 0,
  ) {
    super(formatMessage(code, issues, omittedIssues))
    this.name = 'InstallmentWebhookError'
    this.code = code
    this.issues = issues
    this.omittedIssues = omittedIssues
    this.unsupported = code === 'UNSUPPORTED_WEBHOOK_TYPE' || code === 'UNKNOWN_STATUS'
    this.#payload = payload
    this.#envelope = envelope
    // Per instance rather than on the prototype: a class with a static initialiser cannot be tree-shaken away from
    // an app that imports only isInstallmentWebhookError.
    setBrand(this, ERROR_BRAND)
  }

  /** The parsed body, or the original input when it did not parse. Not enumerable. */
  get payload(): unknown {
    return this.#payload
  }

  /** `key`, `webhook_type` and `data.status`, where the body has them as strings. Not enumerable. */
  get envelope(): InstallmentWebhookEnvelope {
    return this.#envelope
  }
}

/**
 * Makes the error without collecting a stack trace, where the runtime lets `Error.stackTraceLimit` be set: the
 * error is a value, and a stack costs more than decoding a valid body. Internal.
 */
export const createInstallmentWebhookError = (...args: ConstructorParameters<typeof InstallmentWebhookError>) => {
  const limit = Error.stackTraceLimit
  try {
    Error.stackTraceLimit = 0
  } catch {
    // A frozen `Error` (a hardened runtime) keeps its limit: the error then has its stack.
    return new InstallmentWebhookError(...args)
  }
  try {
    return new InstallmentWebhookError(...args)
  } finally {
    Error.stackTraceLimit = limit
  }
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
