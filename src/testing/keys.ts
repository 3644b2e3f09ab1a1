import { type KeyObject, generateKeyPairSync } from 'node:crypto'

/** A freshly generated EC P-521 key pair, the kind QI Tech signs deliveries with (ES512). */
export interface TestKeyPair {
  /** The public key as PEM (SPKI), as QI Tech hands its key to lenders: pass it in `publicKeys`. */
  readonly publicKey: string
  /** The private key as PEM (PKCS #8): pass it to `signTestWebhook`. */
  readonly privateKey: string
  /** The public key as a `KeyObject`. */
  readonly publicKeyObject: KeyObject
  /** The private key as a `KeyObject`. */
  readonly privateKeyObject: KeyObject
}

/**
 * Generates an EC P-521 key pair to sign test deliveries with, standing in for QI Tech's. For tests only: never
 * put it in production configuration.
 * @example
 * import { generateTestKeyPair } from 'qitech-installment-webhooks/testing'
 * const keys = generateTestKeyPair()
 * console.log(keys.publicKey.startsWith('-----BEGIN PUBLIC KEY-----')) // true
 */
export const generateTestKeyPair = (): TestKeyPair => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyObject: publicKey,
    privateKeyObject: privateKey,
  }
}
