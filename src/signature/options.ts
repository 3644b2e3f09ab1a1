import { KeyObject, createPublicKey, type webcrypto } from 'node:crypto'

/** QI Tech's public key: a PEM string (`-----BEGIN PUBLIC KEY-----`), a `KeyObject` or a Web Crypto `CryptoKey`. */
export type InstallmentWebhookPublicKey = string | KeyObject | webcrypto.CryptoKey

/** How to verify deliveries. */
export interface VerifyInstallmentWebhookSignatureOptions {
  /**
   * QI Tech's public key (an EC P-521 key for ES512), or several during a key rotation: a delivery signed by any
   * one of them is accepted. Keys named in a token's own header (`jwk`, `kid`, `jku`) are never used.
   */
  readonly publicKeys: InstallmentWebhookPublicKey | ReadonlyArray<InstallmentWebhookPublicKey>
  /**
   * How far, in seconds, the signature's `timestamp` may lie from now, into the past or the future: older
   * deliveries are replays, newer ones come from a wrong clock. A positive finite number; defaults to 300.
   */
  readonly toleranceSeconds?: number
  /** The clock: returns the current time as a `Date` or milliseconds since the epoch. Defaults to `Date.now`. */
  readonly now?: () => Date | number
}

/**
 * The tolerance used when `toleranceSeconds` is not given: 300 seconds either side of now.
 * @example
 * import { DEFAULT_TOLERANCE_SECONDS } from 'qitech-installment-webhooks/signature'
 * const publicKeys = [process.env.QITECH_PUBLIC_KEY ?? '']
 * const options = { publicKeys, toleranceSeconds: DEFAULT_TOLERANCE_SECONDS / 2 }
 */
export const DEFAULT_TOLERANCE_SECONDS = 300

/** Options checked and turned into what verification uses. */
export interface ResolvedOptions {
  readonly keys: ReadonlyArray<KeyObject>
  readonly toleranceMs: number
  readonly nowMs: number
}

// Parsing a PEM costs about a third of a verification, and the same few keys come with every delivery.
const MAX_CACHED_PEMS = 8
const keysByPem = new Map<string, KeyObject>()

const parsePem = (pem: string): KeyObject => {
  const cached = keysByPem.get(pem)
  if (cached !== undefined) return cached
  const keyObject = createPublicKey(pem)
  if (keysByPem.size >= MAX_CACHED_PEMS) keysByPem.clear()
  keysByPem.set(pem, keyObject)
  return keyObject
}

const toKeyObject = (key: unknown, label: string): KeyObject | string => {
  let keyObject: KeyObject
  if (typeof key === 'string') {
    if (key.includes('PRIVATE KEY')) return `${label} is a private key; pass QI Tech's public key`
    try {
      keyObject = parsePem(key)
    } catch {
      return `${label} is not a PEM public key`
    }
  } else if (key instanceof KeyObject) {
    keyObject = key
  } else {
    try {
      keyObject = KeyObject.from(key as webcrypto.CryptoKey)
    } catch {
      return `${label} is not a PEM string, a KeyObject or a CryptoKey`
    }
  }
  if (keyObject.type !== 'public') return `${label} is a ${keyObject.type} key; pass QI Tech's public key`
  if (keyObject.asymmetricKeyType !== 'ec' || keyObject.asymmetricKeyDetails?.namedCurve !== 'secp521r1') {
    return `${label} is not an EC P-521 key; QI Tech signs with ES512, which needs one`
  }
  return keyObject
}

const resolveKeys = (publicKeys: unknown): ReadonlyArray<KeyObject> | string => {
  const list: unknown[] = Array.isArray(publicKeys) ? publicKeys : publicKeys === undefined ? [] : [publicKeys]
  if (list.length === 0) return "publicKeys is empty; pass QI Tech's public key (PEM)"
  const keys: KeyObject[] = []
  for (const [index, key] of list.entries()) {
    const resolved = toKeyObject(key, Array.isArray(publicKeys) ? `publicKeys[${index}]` : 'publicKeys')
    if (typeof resolved === 'string') return resolved
    keys.push(resolved)
  }
  return keys
}

const readClock = (now: unknown): number | string => {
  if (now === undefined) return Date.now()
  if (typeof now !== 'function') return 'now is not a function'
  const value: unknown = now()
  // A Date from another realm (a vm context, a test runner) fails `instanceof`, so the tag is checked instead.
  const ms = Object.prototype.toString.call(value) === '[object Date]' ? Date.prototype.getTime.call(value) : value
  return typeof ms === 'number' && Number.isFinite(ms) ? ms : 'now() returned neither a valid Date nor a finite number'
}

/** Checks the options; returns what verification uses, or a message for `INVALID_OPTIONS`. */
export const resolveOptions = (options: unknown): ResolvedOptions | string => {
  if (typeof options !== 'object' || options === null) return 'options must be an object with publicKeys'
  const { publicKeys, toleranceSeconds, now } = options as Record<string, unknown>
  const keys = resolveKeys(publicKeys)
  if (typeof keys === 'string') return keys
  const tolerance = toleranceSeconds === undefined ? DEFAULT_TOLERANCE_SECONDS : toleranceSeconds
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance <= 0) {
    return 'toleranceSeconds must be a positive finite number of seconds (the default is 300)'
  }
  const nowMs = readClock(now)
  if (typeof nowMs === 'string') return nowMs
  return { keys, toleranceMs: tolerance * 1000, nowMs }
}
