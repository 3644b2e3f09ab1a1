import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto'
import { generateTestKeyPair } from '../../src/testing'

describe('generateTestKeyPair', () => {
  it('generates an EC P-521 pair, as PEM and as KeyObjects of the same keys', () => {
    const keys = generateTestKeyPair()
    expect(keys.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
    expect(keys.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(keys.publicKeyObject.asymmetricKeyDetails).toEqual({ namedCurve: 'secp521r1' })
    expect(keys.privateKeyObject.type).toBe('private')
    expect(createPublicKey(keys.publicKey).equals(keys.publicKeyObject)).toBe(true)
    expect(createPrivateKey(keys.privateKey).equals(keys.privateKeyObject)).toBe(true)
    const signature = sign('sha512', Buffer.from('x'), keys.privateKey)
    expect(verify('sha512', Buffer.from('x'), keys.publicKey, signature)).toBe(true)
  })

  it('generates a new pair on each call', () => {
    expect(generateTestKeyPair().publicKey).not.toBe(generateTestKeyPair().publicKey)
  })
})
