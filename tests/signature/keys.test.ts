import { createSecretKey, generateKeyPairSync, webcrypto } from 'node:crypto'
import { toP521Key } from '../../src/signature/keys'

const p521 = generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const ed25519 = generateKeyPairSync('ed25519')
const publicPem = p521.publicKey.export({ type: 'spki', format: 'pem' }).toString()
const privatePem = p521.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const sec1Pem = p521.privateKey.export({ type: 'sec1', format: 'pem' }).toString()

const detail = (result: ReturnType<typeof toP521Key>): string => (result.ok ? 'ok' : `${result.code}: ${result.detail}`)

describe('toP521Key', () => {
  it('reads a public P-521 key given as PEM, KeyObject or CryptoKey', async () => {
    const cryptoKey = await webcrypto.subtle.importKey(
      'spki',
      p521.publicKey.export({ type: 'spki', format: 'der' }),
      { name: 'ECDSA', namedCurve: 'P-521' },
      true,
      ['verify'],
    )
    for (const key of [publicPem, p521.publicKey, cryptoKey]) {
      const result = toP521Key(key, 'public', 'k')
      expect(result.ok && result.value.equals(p521.publicKey)).toBe(true)
    }
  })

  it('reads a private P-521 key given as PKCS #8 or SEC1 PEM, or as a KeyObject', () => {
    for (const key of [privatePem, sec1Pem, p521.privateKey]) {
      const result = toP521Key(key, 'private', 'k')
      expect(result.ok && result.value.equals(p521.privateKey)).toBe(true)
    }
  })

  it('returns the same KeyObject for the same PEM, and keeps public and private parses apart', () => {
    const first = toP521Key(publicPem, 'public', 'k')
    const second = toP521Key(publicPem, 'public', 'k')
    expect(first.ok && second.ok && first.value === second.value).toBe(true)
    expect(detail(toP521Key(publicPem, 'private', 'k'))).toBe('INVALID_OPTIONS: k is not a PEM private key')
  })

  it('keeps up to 8 parsed PEMs, then starts over, so memory stays bounded', () => {
    jest.isolateModules(() => {
      // A fresh copy of the module, so the cache starts empty; isolateModules needs a synchronous require.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../src/signature/keys') as typeof import('../../src/signature/keys')
      const pems = Array.from({ length: 9 }, () =>
        generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      )
      const parse = (pem: string) => {
        const result = fresh.toP521Key(pem, 'public', 'k')
        if (!result.ok) throw new Error(result.detail)
        return result.value
      }
      const first = pems.slice(0, 8).map(parse)
      const again = pems.slice(0, 8).map(parse)
      expect(again.every((key, index) => key === first[index])).toBe(true)
      parse(pems[8])
      expect(parse(pems[0])).not.toBe(first[0])
      expect(parse(pems[0]).equals(first[0])).toBe(true)
    })
  })

  it('still reads every key after more PEMs than the cache holds', () => {
    const pems = Array.from({ length: 10 }, () =>
      generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    )
    for (const pem of [...pems, ...pems]) {
      const result = toP521Key(pem, 'public', 'k')
      expect(result.ok && result.value.export({ type: 'spki', format: 'pem' })).toBe(pem)
    }
  })

  it.each([
    ['a private PEM where a public key is wanted', privatePem, 'public', 'k is a private key; pass QI Tech\'s public key'],
    ['a SEC1 private PEM where a public key is wanted', sec1Pem, 'public', 'k is a private key; pass QI Tech\'s public key'],
    ['a private KeyObject where a public key is wanted', p521.privateKey, 'public', 'k is a private key; pass QI Tech\'s public key'],
    ['a public KeyObject where a private key is wanted', p521.publicKey, 'private', 'k is a public key; pass your private key'],
    ['a secret KeyObject', createSecretKey(Buffer.from('secret')), 'public', 'k is a secret key; pass QI Tech\'s public key'],
    ['text that is not PEM', 'not a key', 'public', 'k is not a PEM public key'],
    ['text that is not a private PEM', 'not a key', 'private', 'k is not a PEM private key'],
    ['a number', 42, 'public', 'k is not a PEM string, a KeyObject or a CryptoKey'],
    ['null', null, 'private', 'k is not a PEM string, a KeyObject or a CryptoKey'],
    ['a P-256 key', p256.publicKey, 'public', 'k is not an EC P-521 key; ES512 needs one'],
    ['a P-256 private key', p256.privateKey, 'private', 'k is not an EC P-521 key; ES512 needs one'],
    ['an RSA key', rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'public', 'k is not an EC P-521 key; ES512 needs one'],
    ['an Ed25519 key', ed25519.publicKey, 'public', 'k is not an EC P-521 key; ES512 needs one'],
  ] as const)('refuses %s with INVALID_OPTIONS', (_, key, type, message) => {
    expect(detail(toP521Key(key, type, 'k'))).toBe(`INVALID_OPTIONS: ${message}`)
  })
})
