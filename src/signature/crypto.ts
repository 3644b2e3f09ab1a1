// The primitives the signature entry verifies with: Web Crypto, which every runtime has, and @noble/hashes' audited
// MD5, which Web Crypto lacks. One build for every runtime, Node.js included (see bench/README.md for what it costs).
import { md5 } from '@noble/hashes/legacy'
import { bytesToHex } from '@noble/hashes/utils'

const ES512 = { name: 'ECDSA', hash: 'SHA-512' } as const

/** True when `signature` (r||s, 132 bytes) is `key`'s ES512 signature of `data`. */
export const verifyEs512 = (key: CryptoKey, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean> =>
  crypto.subtle.verify(ES512, key, signature, data)

/** The lowercase hex MD5 of `data` (a string as UTF-8), as QI Tech signs it. */
export const md5Hex = (data: Uint8Array | string): string => bytesToHex(md5(data))
