import { exportPKCS8, exportSPKI } from 'jose'
import { P521, type WebCryptoKey } from '../signature/keys'

/** A freshly generated EC P-521 key pair, the kind QI Tech signs deliveries with (ES512). */
export interface TestKeyPair {
  /** The public key as PEM (SPKI), as QI Tech hands its key to lenders: pass it in `publicKeys`. */
  readonly publicKey: string
  /** The private key as PEM (PKCS #8): pass it to `signTestWebhook`. */
  readonly privateKey: string
  /** The public key as a Web Crypto `CryptoKey` (usage `verify`). */
  readonly publicCryptoKey: WebCryptoKey
  /** The private key as a Web Crypto `CryptoKey` (usage `sign`). */
  readonly privateCryptoKey: WebCryptoKey
}

/**
 * Generates an EC P-521 key pair to sign test deliveries with, standing in for QI Tech's, with Web Crypto: it runs
 * on Node.js, Deno, Bun, Cloudflare Workers and edge runtimes alike. For tests only: never put it in production
 * configuration.
 * @example
 * import { generateTestKeyPair } from 'qitech-installment-webhooks/testing'
 * void generateTestKeyPair().then((keys) => {
 *   console.log(keys.publicKey.startsWith('-----BEGIN PUBLIC KEY-----')) // true
 * })
 */
export const generateTestKeyPair = async (): Promise<TestKeyPair> => {
  // Extractable, so that the PEMs can be written; the pair exists only for the test that made it.
  const { publicKey, privateKey } = await crypto.subtle.generateKey(P521, true, ['sign', 'verify'])
  return {
    publicKey: await exportSPKI(publicKey),
    privateKey: await exportPKCS8(privateKey),
    publicCryptoKey: publicKey,
    privateCryptoKey: privateKey,
  }
}
