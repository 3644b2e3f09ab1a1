import { KeyObject, createPrivateKey, createPublicKey, type webcrypto } from 'node:crypto'
import { type Result, fail, ok } from './errors'

// The same few keys come with every delivery, and parsing a PEM is a large part of verifying one.
const MAX_CACHED_PEMS = 8
const keysByPem = new Map<string, KeyObject>()

const parsePem = (pem: string, type: KeyObject['type']): KeyObject => {
  const cacheKey = `${type}:${pem}`
  const cached = keysByPem.get(cacheKey)
  if (cached !== undefined) return cached
  const keyObject = type === 'public' ? createPublicKey(pem) : createPrivateKey(pem)
  if (keysByPem.size >= MAX_CACHED_PEMS) keysByPem.clear()
  keysByPem.set(cacheKey, keyObject)
  return keyObject
}

const whose = (type: KeyObject['type']): string => (type === 'public' ? "QI Tech's public key" : 'your private key')

/**
 * `key` as a `KeyObject` of the given type on curve P-521, the only keys ES512 works with, or a message for
 * `INVALID_OPTIONS` that names `label` and never the key itself.
 */
export const toP521Key = (key: unknown, type: 'public' | 'private', label: string): Result<KeyObject> => {
  let keyObject: KeyObject
  if (typeof key === 'string') {
    // An environment variable often holds a PEM with its line breaks written as `\n`; no PEM has a backslash.
    const pem = key.replace(/\\n/g, '\n')
    // createPublicKey would quietly derive the public half of a private PEM: refuse to verify with a secret.
    if (type === 'public' && pem.includes('PRIVATE KEY')) return fail('INVALID_OPTIONS', `${label} is a private key; pass ${whose(type)}`)
    try {
      keyObject = parsePem(pem, type)
    } catch {
      return fail('INVALID_OPTIONS', `${label} is not a PEM ${type} key`)
    }
  } else if (key instanceof KeyObject) {
    keyObject = key
  } else {
    try {
      keyObject = KeyObject.from(key as webcrypto.CryptoKey)
    } catch {
      return fail('INVALID_OPTIONS', `${label} is not a PEM string, a KeyObject or a CryptoKey`)
    }
  }
  if (keyObject.type !== type) return fail('INVALID_OPTIONS', `${label} is a ${keyObject.type} key; pass ${whose(type)}`)
  if (keyObject.asymmetricKeyDetails?.namedCurve !== 'secp521r1') {
    return fail('INVALID_OPTIONS', `${label} is not an EC P-521 key; ES512 needs one`)
  }
  return ok(keyObject)
}
