import { createPrivateKey, createPublicKey, sign, verify, webcrypto } from 'node:crypto'
import { generateTestKeyPair } from '../../src/testing'

describe('generateTestKeyPair', () => {
  it('generates an EC P-521 pair, as PEM and as Web Crypto CryptoKeys of the same keys', async () => {
    const keys = await generateTestKeyPair()
    expect(keys.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
    expect(keys.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(createPublicKey(keys.publicKey).asymmetricKeyDetails).toEqual({ namedCurve: 'secp521r1' })
    expect(createPrivateKey(keys.privateKey).type).toBe('private')
    expect([keys.publicCryptoKey.type, keys.publicCryptoKey.algorithm]).toEqual(['public', { name: 'ECDSA', namedCurve: 'P-521' }])
    expect([keys.privateCryptoKey.type, keys.privateCryptoKey.usages]).toEqual(['private', ['sign']])
    // The PEM and the CryptoKey are the same pair: each side verifies what the other signed.
    const data = Buffer.from('x')
    const signature = sign('sha512', data, { key: keys.privateKey, dsaEncoding: 'ieee-p1363' })
    expect(await webcrypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-512' }, keys.publicCryptoKey, signature, data)).toBe(true)
    const webSignature = Buffer.from(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-512' }, keys.privateCryptoKey, data))
    expect(verify('sha512', data, { key: keys.publicKey, dsaEncoding: 'ieee-p1363' }, webSignature)).toBe(true)
  })

  it('generates a new pair on each call', async () => {
    const [first, second] = await Promise.all([generateTestKeyPair(), generateTestKeyPair()])
    expect(first.publicKey).not.toBe(second.publicKey)
  })
})
