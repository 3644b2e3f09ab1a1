// Keys become Web Crypto `CryptoKey`s for ECDSA on P-521, the one kind ES512 works with, on every runtime. jose reads
// PEM (it returns a Node `KeyObject` on Node, a `CryptoKey` elsewhere); a `KeyObject` is recognised by its members,
// so that nothing here imports `node:crypto`, and crosses over as DER.
import { importPKCS8, importSPKI } from 'jose'
import { isRecord } from '../combinators'
import { type Result, fail, ok } from './errors'

/** ECDSA on P-521: the Web Crypto algorithm of ES512 keys. */
export const P521 = { name: 'ECDSA', namedCurve: 'P-521' } as const

/**
 * A Node.js `KeyObject`, by the members read from it (so the type needs no Node typings): `crypto.createPublicKey(pem)`
 * makes one.
 * @example
 * import type { NodeKeyObject } from 'qitech-installment-webhooks/signature'
 * import { createPublicKey } from 'node:crypto'
 * const key: NodeKeyObject = createPublicKey(process.env.QITECH_PUBLIC_KEY ?? '')
 */
export interface NodeKeyObject {
  /** `public`, `private` or `secret`. */
  readonly type: string
  /** Writes the key out; called with `{ type: 'spki' | 'pkcs8', format: 'der' }` only. */
  export(options: { type: 'spki' | 'pkcs8'; format: 'der' }): Uint8Array
}

/**
 * Web Crypto's `CryptoKey` where the types in use declare it (the DOM library, Deno, Workers), and otherwise the
 * members this package reads from one, so that a Node.js project without the DOM library still compiles.
 * @example
 * import type { WebCryptoKey } from 'qitech-installment-webhooks/signature'
 * declare const spki: Uint8Array<ArrayBuffer>
 * const importing: Promise<WebCryptoKey> = crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-521' }, false, ['verify'])
 */
export type WebCryptoKey = typeof globalThis extends {
  /** Web Crypto's key class, where the runtime's types declare one. */
  CryptoKey: {
    /** What its instances are. */
    prototype: infer Key
  }
}
  ? Key
  : {
      /** `public` or `private`. */
      readonly type: string
      /** `{ name: 'ECDSA', namedCurve: 'P-521' }` for an ES512 key. */
      readonly algorithm: object
      /** `verify` for a public key, `sign` for a private one. */
      readonly usages: ReadonlyArray<string>
    }

type KeyType = 'public' | 'private'

const whose = (type: KeyType): string => (type === 'public' ? "QI Tech's public key" : 'your private key')

const isCryptoKey = (key: Record<string, unknown>): boolean =>
  typeof key.type === 'string' && isRecord(key.algorithm) && Array.isArray(key.usages)

const isKeyObject = (key: Record<string, unknown>): boolean => typeof key.type === 'string' && typeof key.export === 'function'

const checkCryptoKey = (key: CryptoKey, type: KeyType, label: string): Result<CryptoKey> => {
  if (key.type !== type) return fail('INVALID_OPTIONS', `${label} is a ${key.type} key; pass ${whose(type)}`)
  const { name, namedCurve } = key.algorithm as { name?: unknown; namedCurve?: unknown }
  if (name !== P521.name || namedCurve !== P521.namedCurve) return fail('INVALID_OPTIONS', `${label} is not an EC P-521 key; ES512 needs one`)
  const usage = type === 'public' ? 'verify' : 'sign'
  if (!key.usages.includes(usage)) return fail('INVALID_OPTIONS', `${label} is a CryptoKey without the "${usage}" usage; import it with ["${usage}"]`)
  return ok(key)
}

const fromKeyObject = async (key: NodeKeyObject, type: KeyType, label: string): Promise<Result<CryptoKey>> => {
  if (key.type !== type) return fail('INVALID_OPTIONS', `${label} is a ${key.type} key; pass ${whose(type)}`)
  // As DER, which Web Crypto imports several times faster than a JWK; it refuses every key but ECDSA on P-521.
  const format = type === 'public' ? 'spki' : 'pkcs8'
  try {
    const der = new Uint8Array(key.export({ type: format, format: 'der' }))
    return ok(await crypto.subtle.importKey(format, der, P521, false, [type === 'public' ? 'verify' : 'sign']))
  } catch {
    return fail('INVALID_OPTIONS', `${label} is not an EC P-521 key; ES512 needs one`)
  }
}

const fromPem = async (text: string, type: KeyType, label: string): Promise<Result<CryptoKey>> => {
  // An environment variable often holds a PEM with its line breaks written as `\n`; no PEM has a backslash.
  const pem = text.replace(/\\n/g, '\n').trim()
  // A private key would verify too (its public half): refuse to verify with a secret.
  if (type === 'public' && pem.includes('PRIVATE KEY')) return fail('INVALID_OPTIONS', `${label} is a private key; pass ${whose(type)}`)
  if (pem.includes('-----BEGIN EC PRIVATE KEY-----')) {
    const fix = 'convert it with `openssl pkcs8 -topk8 -nocrypt`, or pass a KeyObject'
    return fail('INVALID_OPTIONS', `${label} is a SEC1 PEM ("BEGIN EC PRIVATE KEY"); ES512 takes PKCS #8 ("BEGIN PRIVATE KEY"): ${fix}`)
  }
  const wanted = type === 'public' ? 'an SPKI PEM ("BEGIN PUBLIC KEY")' : 'a PKCS #8 PEM ("BEGIN PRIVATE KEY")'
  const refused = fail('INVALID_OPTIONS', `${label} is not a PEM ${type} key on curve P-521: ES512 needs ${wanted}`)
  let imported: unknown
  try {
    imported = type === 'public' ? await importSPKI(pem, 'ES512') : await importPKCS8(pem, 'ES512')
  } catch {
    return refused
  }
  // Whichever of a KeyObject (Node) or a CryptoKey (elsewhere) jose returned, the same checks decide.
  const key = await toP521Key(imported, type, label)
  return key.ok ? key : refused
}

// The one-off functions import the keys on every call, and the same few PEMs come with every delivery.
const MAX_CACHED_PEMS = 8
const keysByPem = new Map<string, CryptoKey>()

const fromCachedPem = async (pem: string, type: KeyType, label: string): Promise<Result<CryptoKey>> => {
  const cached = keysByPem.get(`${type}:${pem}`)
  if (cached !== undefined) return ok(cached)
  const key = await fromPem(pem, type, label)
  if (!key.ok) return key
  if (keysByPem.size >= MAX_CACHED_PEMS) keysByPem.clear()
  keysByPem.set(`${type}:${pem}`, key.value)
  return key
}

/**
 * `key` (a PEM, a `CryptoKey` or a Node `KeyObject`) as a `CryptoKey` of the given type for ECDSA on P-521, or a
 * message for `INVALID_OPTIONS` that names `label` and never the key itself.
 */
export const toP521Key = async (key: unknown, type: KeyType, label: string): Promise<Result<CryptoKey>> => {
  if (typeof key === 'string') return fromCachedPem(key, type, label)
  if (isRecord(key) && isCryptoKey(key)) return checkCryptoKey(key as unknown as CryptoKey, type, label)
  if (isRecord(key) && isKeyObject(key)) return fromKeyObject(key as unknown as NodeKeyObject, type, label)
  return fail('INVALID_OPTIONS', `${label} is not a PEM string, a KeyObject or a CryptoKey`)
}
