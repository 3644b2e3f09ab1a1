import { createSecretKey, generateKeyPairSync, sign, verify, webcrypto } from 'node:crypto'
import { toP521Key } from '../../src/signature/keys'

const p521 = generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const ed25519 = generateKeyPairSync('ed25519')
const publicPem = p521.publicKey.export({ type: 'spki', format: 'pem' }).toString()
const privatePem = p521.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
const sec1Pem = p521.privateKey.export({ type: 'sec1', format: 'pem' }).toString()
const ES512 = { name: 'ECDSA', hash: 'SHA-512' }
const P521 = { name: 'ECDSA', namedCurve: 'P-521' }

const detail = (result: Awaited<ReturnType<typeof toP521Key>>): string => (result.ok ? 'ok' : `${result.code}: ${result.detail}`)

const importSpki = (der: Buffer, algorithm: object, usages: KeyUsage[]) =>
  webcrypto.subtle.importKey('spki', new Uint8Array(der), algorithm as EcKeyImportParams, true, usages) as Promise<CryptoKey>

/** True when `key` (a CryptoKey) verifies what p521's private key signed. */
const verifiesP521 = async (key: CryptoKey): Promise<boolean> => {
  const data = Buffer.from('x')
  const signature = sign('sha512', data, { key: p521.privateKey, dsaEncoding: 'ieee-p1363' })
  return webcrypto.subtle.verify(ES512, key, signature, data)
}

/** True when `key` (a CryptoKey) signs what p521's public key verifies. */
const signsP521 = async (key: CryptoKey): Promise<boolean> => {
  const data = Buffer.from('x')
  const signature = Buffer.from(await webcrypto.subtle.sign(ES512, key, data))
  return verify('sha512', data, { key: p521.publicKey, dsaEncoding: 'ieee-p1363' }, signature)
}

describe('toP521Key', () => {
  it('reads a public P-521 key given as PEM, KeyObject or CryptoKey, as a CryptoKey that verifies', async () => {
    const cryptoKey = await importSpki(p521.publicKey.export({ type: 'spki', format: 'der' }), P521, ['verify'])
    for (const key of [publicPem, p521.publicKey, cryptoKey]) {
      const result = await toP521Key(key, 'public', 'k')
      if (!result.ok) throw new Error(result.detail)
      expect([result.value.type, result.value.usages, await verifiesP521(result.value)]).toEqual(['public', ['verify'], true])
    }
  })

  it('imports a KeyObject as a CryptoKey that cannot be exported again', async () => {
    for (const [key, type] of [[p521.publicKey, 'public'], [p521.privateKey, 'private']] as const) {
      const result = await toP521Key(key, type, 'k')
      expect(result.ok && result.value.extractable).toBe(false)
    }
  })

  it('reads a PEM whose line breaks are written as the two characters \\n, and one with spaces around it', async () => {
    for (const pem of [publicPem.trim().replace(/\n/g, '\\n'), `\n  ${publicPem}  \n`]) {
      const result = await toP521Key(pem, 'public', 'k')
      expect(result.ok && (await verifiesP521(result.value))).toBe(true)
    }
  })

  it('reads a private P-521 key given as PKCS #8 PEM, KeyObject or CryptoKey, as a CryptoKey that signs', async () => {
    const pair = (await webcrypto.subtle.generateKey(P521, true, ['sign', 'verify'])) as CryptoKeyPair
    for (const key of [privatePem, p521.privateKey]) {
      const result = await toP521Key(key, 'private', 'k')
      if (!result.ok) throw new Error(result.detail)
      expect([result.value.type, await signsP521(result.value)]).toEqual(['private', true])
    }
    expect(detail(await toP521Key(pair.privateKey, 'private', 'k'))).toBe('ok')
  })

  it('returns the same CryptoKey for the same PEM, and keeps public and private imports apart', async () => {
    const [first, second] = [await toP521Key(publicPem, 'public', 'k'), await toP521Key(publicPem, 'public', 'k')]
    expect(first.ok && second.ok && first.value === second.value).toBe(true)
    expect(detail(await toP521Key(publicPem, 'private', 'k'))).toMatch(/^INVALID_OPTIONS: k is not a PEM private key/)
  })

  it('keeps up to 8 imported PEMs, then starts over, so memory stays bounded', async () => {
    // A fresh copy of the module, so the cache starts empty; isolateModules needs a synchronous require.
    let fresh: typeof import('../../src/signature/keys') | undefined
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      fresh = require('../../src/signature/keys') as typeof import('../../src/signature/keys')
    })
    const toKey = fresh?.toP521Key ?? toP521Key
    const pems = Array.from({ length: 9 }, () =>
      generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    )
    const importAll = async (list: string[]) => {
      const keys: CryptoKey[] = []
      for (const pem of list) {
        const result = await toKey(pem, 'public', 'k')
        if (!result.ok) throw new Error(result.detail)
        keys.push(result.value)
      }
      return keys
    }
    const first = await importAll(pems.slice(0, 8))
    const again = await importAll(pems.slice(0, 8))
    expect(again.every((key, index) => key === first[index])).toBe(true)
    await importAll([pems[8]])
    const [renewed] = await importAll([pems[0]])
    expect(renewed).not.toBe(first[0])
  })

  it('refuses a SEC1 private PEM, saying how to convert it', async () => {
    expect(detail(await toP521Key(sec1Pem, 'private', 'k'))).toBe(
      'INVALID_OPTIONS: k is a SEC1 PEM ("BEGIN EC PRIVATE KEY"); ES512 takes PKCS #8 ("BEGIN PRIVATE KEY"): convert it with `openssl pkcs8 -topk8 -nocrypt`, or pass a KeyObject',
    )
  })

  it('refuses CryptoKeys of another type, algorithm, curve or usage', async () => {
    const der = p521.publicKey.export({ type: 'spki', format: 'der' })
    const ecdh = await importSpki(der, { name: 'ECDH', namedCurve: 'P-521' }, [])
    const noVerify = (await webcrypto.subtle.generateKey(P521, true, ['sign'])) as CryptoKeyPair
    const p256Key = await importSpki(p256.publicKey.export({ type: 'spki', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, ['verify'])
    const pair = (await webcrypto.subtle.generateKey(P521, true, ['sign', 'verify'])) as CryptoKeyPair
    expect(detail(await toP521Key(ecdh, 'public', 'k'))).toBe('INVALID_OPTIONS: k is not an EC P-521 key; ES512 needs one')
    expect(detail(await toP521Key(p256Key, 'public', 'k'))).toBe('INVALID_OPTIONS: k is not an EC P-521 key; ES512 needs one')
    expect(detail(await toP521Key(noVerify.publicKey, 'public', 'k'))).toBe(
      'INVALID_OPTIONS: k is a CryptoKey without the "verify" usage; import it with ["verify"]',
    )
    expect(detail(await toP521Key(pair.privateKey, 'public', 'k'))).toBe("INVALID_OPTIONS: k is a private key; pass QI Tech's public key")
    expect(detail(await toP521Key(pair.publicKey, 'private', 'k'))).toBe('INVALID_OPTIONS: k is a public key; pass your private key')
  })

  const notP521Pem = (type: string) => `is not a PEM ${type} key on curve P-521: ES512 needs ${type === 'public' ? 'an SPKI PEM ("BEGIN PUBLIC KEY")' : 'a PKCS #8 PEM ("BEGIN PRIVATE KEY")'}`

  it.each([
    ['a private PEM where a public key is wanted', privatePem, 'public', "k is a private key; pass QI Tech's public key"],
    ['a SEC1 private PEM where a public key is wanted', sec1Pem, 'public', "k is a private key; pass QI Tech's public key"],
    ['a private KeyObject where a public key is wanted', p521.privateKey, 'public', "k is a private key; pass QI Tech's public key"],
    ['a public KeyObject where a private key is wanted', p521.publicKey, 'private', 'k is a public key; pass your private key'],
    ['a secret KeyObject', createSecretKey(Buffer.from('secret')), 'public', "k is a secret key; pass QI Tech's public key"],
    ['a public PEM where a private key is wanted', publicPem, 'private', `k ${notP521Pem('private')}`],
    ['text that is not PEM', 'not a key', 'public', `k ${notP521Pem('public')}`],
    ['text that is not a private PEM', 'not a key', 'private', `k ${notP521Pem('private')}`],
    ['a P-256 PEM', p256.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'public', `k ${notP521Pem('public')}`],
    ['an RSA PEM', rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'public', `k ${notP521Pem('public')}`],
    ['an RSA private PEM', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'private', `k ${notP521Pem('private')}`],
    ['a number', 42, 'public', 'k is not a PEM string, a KeyObject or a CryptoKey'],
    ['null', null, 'private', 'k is not a PEM string, a KeyObject or a CryptoKey'],
    ['an object that is neither key', { type: 'public' }, 'public', 'k is not a PEM string, a KeyObject or a CryptoKey'],
    ['a P-256 key', p256.publicKey, 'public', 'k is not an EC P-521 key; ES512 needs one'],
    ['a P-256 private key', p256.privateKey, 'private', 'k is not an EC P-521 key; ES512 needs one'],
    ['an RSA key', rsa.publicKey, 'public', 'k is not an EC P-521 key; ES512 needs one'],
    ['an Ed25519 key', ed25519.publicKey, 'public', 'k is not an EC P-521 key; ES512 needs one'],
  ] as const)('refuses %s with INVALID_OPTIONS', async (_, key, type, message) => {
    expect(detail(await toP521Key(key, type, 'k'))).toBe(`INVALID_OPTIONS: ${message}`)
  })
})
