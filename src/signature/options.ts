import { type Result, fail, ok } from './errors'
import { type NodeKeyObject, type WebCryptoKey, toP521Key } from './keys'

/**
 * QI Tech's public key: a PEM string (`-----BEGIN PUBLIC KEY-----`), a Web Crypto `CryptoKey` (ECDSA P-521, with the
 * `verify` usage) or, on Node.js, a `KeyObject`.
 * @example
 * import type { InstallmentWebhookPublicKey } from 'qitech-installment-webhooks/signature'
 * const publicKey: InstallmentWebhookPublicKey = process.env.QITECH_PUBLIC_KEY ?? ''
 */
export type InstallmentWebhookPublicKey = string | WebCryptoKey | NodeKeyObject

/**
 * How to verify deliveries.
 * @example
 * import type { VerifyInstallmentWebhookSignatureOptions } from 'qitech-installment-webhooks/signature'
 * declare const QITECH_PUBLIC_KEY: string
 * const options: VerifyInstallmentWebhookSignatureOptions = { publicKeys: [QITECH_PUBLIC_KEY], toleranceSeconds: 120 }
 */
export interface VerifyInstallmentWebhookSignatureOptions {
  /**
   * QI Tech's public key (an EC P-521 key for ES512), or several during a key rotation: a delivery signed by any
   * one of them is accepted. Keys named in a token's own header (`jwk`, `kid`, `jku`) are never used.
   */
  readonly publicKeys: InstallmentWebhookPublicKey | ReadonlyArray<InstallmentWebhookPublicKey>
  /**
   * How far, in seconds, the signing time may lie from now, into the past or the future: older deliveries are
   * replays, newer ones come from a wrong clock. More than 0 and at most 3600 (one hour); defaults to 300.
   */
  readonly toleranceSeconds?: number
  /** The clock: returns the current time as a `Date` or milliseconds since the epoch. Defaults to `Date.now`. */
  readonly now?: () => Date | number
  /**
   * Your integration's `API-CLIENT-KEY` (its UUID), or several when one endpoint serves several integrations. When
   * given, a delivery whose `API-CLIENT-KEY` header is none of them is rejected with `API_CLIENT_KEY_MISMATCH`, and
   * one without the header with `MISSING_API_CLIENT_KEY`. Not given: the header is not checked.
   */
  readonly apiClientKey?: string | ReadonlyArray<string>
  /**
   * Accept QI Tech's legacy (v1) deliveries too: a `QIT <key>:<JWT>` header and an `{"encoded_body": "<JWS>"}`
   * body, verified with the same `publicKeys`, tolerance and clock. Defaults to `false`, which rejects them with
   * `LEGACY_NOT_ENABLED`. A legacy delivery must carry an `API-CLIENT-KEY` header equal to its signed `sub`.
   */
  readonly legacy?: boolean
}

/**
 * The tolerance used when `toleranceSeconds` is not given: 300 seconds either side of now.
 * @example
 * import { DEFAULT_TOLERANCE_SECONDS } from 'qitech-installment-webhooks/signature'
 * const publicKeys = [process.env.QITECH_PUBLIC_KEY ?? '']
 * const options = { publicKeys, toleranceSeconds: DEFAULT_TOLERANCE_SECONDS / 2 }
 */
export const DEFAULT_TOLERANCE_SECONDS = 300

// A wider window would keep a captured delivery replayable for longer than any retry schedule needs.
const MAX_TOLERANCE_SECONDS = 3600

/** The options, checked once and turned into what verification uses. */
export interface ResolvedOptions {
  readonly keys: ReadonlyArray<CryptoKey>
  readonly toleranceMs: number
  /** The clock, checked: called once per delivery. */
  readonly now: (() => Date | number) | undefined
  /** The accepted `API-CLIENT-KEY` values, or `undefined` when the header is not checked. */
  readonly apiClientKeys: ReadonlyArray<string> | undefined
  readonly legacy: boolean
}

const resolveKeys = async (publicKeys: unknown): Promise<Result<ReadonlyArray<CryptoKey>>> => {
  const list: unknown[] = Array.isArray(publicKeys) ? [...publicKeys] : publicKeys === undefined ? [] : [publicKeys]
  if (list.length === 0) return fail('INVALID_OPTIONS', "publicKeys is empty; pass QI Tech's public key (PEM)")
  const keys: CryptoKey[] = []
  for (const [index, key] of list.entries()) {
    const resolved = await toP521Key(key, 'public', Array.isArray(publicKeys) ? `publicKeys[${index}]` : 'publicKeys')
    if (!resolved.ok) return resolved
    keys.push(resolved.value)
  }
  return ok(keys)
}

const resolveApiClientKeys = (apiClientKey: unknown): Result<ReadonlyArray<string> | undefined> => {
  if (apiClientKey === undefined) return ok(undefined)
  const list: unknown[] = Array.isArray(apiClientKey) ? [...apiClientKey] : [apiClientKey]
  if (list.length === 0 || list.some((key) => typeof key !== 'string' || key.trim() === '')) {
    return fail('INVALID_OPTIONS', 'apiClientKey must be your integration\'s API-CLIENT-KEY, or a non-empty list of them')
  }
  return ok(list as string[])
}

/** Calls the clock once: milliseconds since the epoch, from a `Date` or a number. A clock that throws is left to the caller. */
export const readClock = (now: unknown): Result<number> => {
  if (now === undefined) return ok(Date.now())
  if (typeof now !== 'function') return fail('INVALID_OPTIONS', 'now is not a function')
  const value: unknown = now()
  // A Date from another realm (a vm context, a test runner) fails `instanceof`, so the tag is checked instead.
  const ms = Object.prototype.toString.call(value) === '[object Date]' ? Date.prototype.getTime.call(value) : value
  // Number.isFinite is false for anything that is not a number: no coercion.
  return Number.isFinite(ms)
    ? ok(ms as number)
    : fail('INVALID_OPTIONS', 'now() returned neither a valid Date nor a finite number')
}

const resolve = async (options: unknown): Promise<Result<ResolvedOptions>> => {
  if (typeof options !== 'object' || options === null) return fail('INVALID_OPTIONS', 'options must be an object with publicKeys')
  const { publicKeys, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now, apiClientKey, legacy = false } = options as Record<string, unknown>
  const keys = await resolveKeys(publicKeys)
  if (!keys.ok) return keys
  // Written so that NaN fails too.
  if (typeof toleranceSeconds !== 'number' || !(toleranceSeconds > 0 && toleranceSeconds <= MAX_TOLERANCE_SECONDS)) {
    return fail('INVALID_OPTIONS', 'toleranceSeconds must be more than 0 and at most 3600 seconds (the default is 300)')
  }
  const apiClientKeys = resolveApiClientKeys(apiClientKey)
  if (!apiClientKeys.ok) return apiClientKeys
  if (typeof legacy !== 'boolean') return fail('INVALID_OPTIONS', 'legacy must be true or false')
  // Called once here, so a clock that returns nonsense fails at start-up rather than on the first delivery.
  const clock = readClock(now)
  if (!clock.ok) return clock
  const checked = now as (() => Date | number) | undefined
  return ok({ keys: keys.value, toleranceMs: toleranceSeconds * 1000, now: checked, apiClientKeys: apiClientKeys.value, legacy })
}

/** Checks the options once, reading each of them once, and imports the keys. Never rejects. */
export const resolveOptions = async (options: unknown): Promise<Result<ResolvedOptions>> => {
  try {
    return await resolve(options)
  } catch {
    // Only a getter, Proxy trap or clock that throws gets here.
    return fail('INVALID_OPTIONS', 'the options threw while being read')
  }
}
