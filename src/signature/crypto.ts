// The primitives the signature entry verifies with: Web Crypto, which every runtime has, and @noble/hashes' audited
// MD5, which Web Crypto lacks. Where the runtime offers Node's crypto module without an import
// (`process.getBuiltinModule`, Node.js 20.16 and later), its synchronous ES512 verification and MD5 are used instead:
// Web Crypto's verification on Node.js is a job on another thread, and costs more (see bench/README.md).
import { md5 } from '@noble/hashes/legacy'
import { bytesToHex } from '@noble/hashes/utils'

const ES512 = { name: 'ECDSA', hash: 'SHA-512' } as const

interface NodeCrypto {
  readonly KeyObject: { from(key: CryptoKey): object }
  verify(algorithm: string, data: Uint8Array, key: { key: object; dsaEncoding: 'ieee-p1363' }, signature: Uint8Array): boolean
  createHash(algorithm: 'md5'): { update(data: Uint8Array | string): { digest(encoding: 'hex'): string } }
}

const nodeCrypto = ((): NodeCrypto | undefined => {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process
  return typeof runtime?.getBuiltinModule === 'function' ? (runtime.getBuiltinModule('node:crypto') as NodeCrypto | undefined) : undefined
})()

// Each CryptoKey as Node's KeyObject, made once.
const keyObjects = new WeakMap<CryptoKey, object>()

/** True when `signature` (r||s, 132 bytes) is `key`'s ES512 signature of `data`. */
export const verifyEs512 = async (key: CryptoKey, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean> => {
  if (nodeCrypto === undefined) return crypto.subtle.verify(ES512, key, signature, data)
  let keyObject = keyObjects.get(key)
  if (keyObject === undefined) keyObjects.set(key, (keyObject = nodeCrypto.KeyObject.from(key)))
  return nodeCrypto.verify('sha512', data, { key: keyObject, dsaEncoding: 'ieee-p1363' }, signature)
}

/** The lowercase hex MD5 of `data` (a string as UTF-8), as QI Tech signs it. */
export const md5Hex = (data: Uint8Array | string): string =>
  nodeCrypto === undefined ? bytesToHex(md5(data)) : nodeCrypto.createHash('md5').update(data).digest('hex')
