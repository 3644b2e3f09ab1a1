import { generateKeyPairSync, sign } from 'node:crypto'
import * as primitives from '../../src/signature/crypto'
import { cryptoKeyOf } from './delivery'

const pair = generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
const other = generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
const data = new TextEncoder().encode('eyJhbGciOiJFUzUxMiJ9.eyJhIjoxfQ') as Uint8Array<ArrayBuffer>
const signature = new Uint8Array(sign('sha512', data, { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }))

// On Node.js the module takes Node's crypto through process.getBuiltinModule; elsewhere (workerd, a browser) there is
// none, and it uses Web Crypto and @noble/hashes. Both are loaded here and must answer alike.
const webOnly = ((): typeof primitives => {
  const runtime = process as { getBuiltinModule?: unknown }
  const getBuiltinModule = runtime.getBuiltinModule
  delete runtime.getBuiltinModule
  try {
    let loaded: typeof primitives | undefined
    jest.isolateModules(() => {
      loaded = jest.requireActual<typeof primitives>('../../src/signature/crypto')
    })
    return loaded as typeof primitives
  } finally {
    runtime.getBuiltinModule = getBuiltinModule
  }
})()

describe.each([
  ['node:crypto, through process.getBuiltinModule', primitives],
  ['Web Crypto and @noble/hashes', webOnly],
])('with %s', (_, { md5Hex, verifyEs512 }) => {
  describe('md5Hex', () => {
    it('hashes bytes and strings (as UTF-8) to lowercase hex, as node:crypto does', () => {
      expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e')
      expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72')
      expect(md5Hex(new TextEncoder().encode('é'))).toBe(md5Hex('é'))
      // A lone surrogate is hashed as the U+FFFD that UTF-8 writes for it.
      expect(md5Hex('\uD800')).toBe(md5Hex('\uFFFD'))
    })
  })

  describe('verifyEs512', () => {
    it('accepts the signature of the right key only, over the same bytes only', async () => {
      const changed = signature.slice()
      changed[10] ^= 1
      const [key, wrong] = await Promise.all([cryptoKeyOf(pair.publicKey), cryptoKeyOf(other.publicKey)])
      const results = await Promise.all([
        verifyEs512(key, signature, data),
        verifyEs512(wrong, signature, data),
        verifyEs512(key, changed, data),
        verifyEs512(key, signature, data.slice(1)),
      ])
      expect(results).toEqual([true, false, false, false])
    })
  })
})
