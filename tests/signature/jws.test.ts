import { generateKeyPairSync, sign } from 'node:crypto'
import { type JwsRole, signJws, verifyJws } from '../../src/signature/jws'
import { base64url, cryptoKeyOf, signRawToken, signToken } from './delivery'

const p521 = () => generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
const signer = p521()
const other = p521()
const third = p521()
const role: JwsRole = { name: 'the test token', malformed: 'MALFORMED_SIGNATURE' }
const claims = { payload_md5: 'x', n: 1 }
const header = { alg: 'ES512', typ: 'JWT' }

const verifyWith = async (token: string, keys = [signer.publicKey]) => verifyJws(token, await Promise.all(keys.map(cryptoKeyOf)), role)
const failure = async (token: string, keys = [signer.publicKey]) => {
  const result = await verifyWith(token, keys)
  return result.ok ? 'accepted' : `${result.code}: ${result.detail}`
}
const withSignature = (token: string, signature: string): string => `${token.split('.').slice(0, 2).join('.')}.${signature}`

describe('verifyJws', () => {
  it('returns the claims of a token signed by one of the keys, trying each key in turn', async () => {
    const token = await signToken(claims, signer.privateKey)
    expect(await verifyWith(token)).toEqual({ ok: true, value: claims })
    expect(await verifyWith(token, [other.publicKey, third.publicKey, signer.publicKey])).toEqual({ ok: true, value: claims })
  })

  it('says BAD_SIGNATURE, counting the keys, when no key signed the token', async () => {
    const token = await signToken(claims, third.privateKey)
    expect(await failure(token)).toBe(
      'BAD_SIGNATURE: the signature of the test token does not match the public key given; it was not signed by QI Tech, or the key is wrong',
    )
    expect(await failure(token, [signer.publicKey, other.publicKey])).toMatch(/^BAD_SIGNATURE: the signature of the test token matches none of the 2 public keys given;/)
  })

  it('says BAD_SIGNATURE for a 132-byte signature that is all zeros', async () => {
    const token = withSignature(await signToken(claims, signer.privateKey), base64url(new Uint8Array(132)))
    expect(await failure(token)).toMatch(/^BAD_SIGNATURE: /)
  })

  it.each([
    ['two segments', 'eyJhbGciOiJFUzUxMiJ9.e30'],
    ['four segments', 'a.b.c.d'],
    ['an empty header segment', '.e30.sig'],
    ['an empty claims segment', 'eyJhbGciOiJFUzUxMiJ9..sig'],
    ['a character outside base64url', 'eyJhbGciOiJFUzUxMiJ9.e30+.sig'],
    ['padding', 'eyJhbGciOiJFUzUxMiJ9=.e30.sig'],
  ])('rejects a token with %s as not a compact JWS, before any key is used', async (_, token) => {
    expect(await failure(token)).toBe('MALFORMED_SIGNATURE: the test token is not a compact JWS: three base64url segments joined by dots')
  })

  it.each([
    ['not JSON', base64url('alg=ES512')],
    ['a JSON array', base64url('["ES512"]')],
    ['JSON null', base64url('null')],
    ['not UTF-8', base64url(new Uint8Array([0x7b, 0xff, 0x7d]))],
  ])('rejects a header that is %s', async (_, headerSegment) => {
    const token = `${headerSegment}.${base64url('{}')}.${'A'.repeat(176)}`
    expect(await failure(token)).toBe('MALFORMED_SIGNATURE: the test token header is not UTF-8 JSON text of an object')
  })

  it('rejects a header whose alg is missing or not a string as malformed', async () => {
    for (const bad of [{ typ: 'JWT' }, { alg: 512 }, { alg: null }]) {
      expect(await failure(signRawToken(bad, claims, signer.privateKey))).toBe('MALFORMED_SIGNATURE: the test token header has no "alg"')
    }
  })

  it('rejects every algorithm but ES512 before any key is used, naming it only when it is short and plain', async () => {
    const hs = await signToken(claims, new TextEncoder().encode('secret'), { alg: 'HS512' })
    expect(await failure(hs)).toBe('ALGORITHM_NOT_ALLOWED: the test token is signed with "HS512"; only ES512 is accepted')
    const none = `${base64url('{"alg":"none"}')}.${base64url('{}')}.`
    expect(await failure(none)).toBe('ALGORITHM_NOT_ALLOWED: the test token is signed with "none"; only ES512 is accepted')
    const lower = signRawToken({ alg: 'es512' }, claims, signer.privateKey)
    expect(await failure(lower)).toBe('ALGORITHM_NOT_ALLOWED: the test token is signed with "es512"; only ES512 is accepted')
    for (const alg of ['<script>', 'A'.repeat(21), '']) {
      expect(await failure(signRawToken({ alg }, claims, signer.privateKey))).toBe(
        'ALGORITHM_NOT_ALLOWED: the test token is signed with another algorithm; only ES512 is accepted',
      )
    }
    expect(await failure(signRawToken({ alg: 'A'.repeat(20) }, claims, signer.privateKey))).toContain(`"${'A'.repeat(20)}"`)
  })

  it.each([
    ['crit', { alg: 'ES512', crit: ['exp'], exp: 1 }],
    ['crit naming b64', { alg: 'ES512', crit: ['b64'], b64: false }],
    ['b64 alone', { alg: 'ES512', b64: true }],
    ['an empty crit list', { alg: 'ES512', crit: [] }],
  ])('rejects a validly signed token whose header has %s', async (_, badHeader) => {
    expect(await failure(signRawToken(badHeader, claims, signer.privateKey))).toBe(
      'MALFORMED_SIGNATURE: the test token header has "crit" or "b64", which QI Tech does not send',
    )
  })

  it('accepts a signature of exactly 176 base64url characters and no other length', async () => {
    const token = await signToken(claims, signer.privateKey)
    const signature = token.split('.')[2]
    expect(signature).toHaveLength(176)
    for (const changed of [signature.slice(0, -1), `${signature}A`, '']) {
      expect(await failure(withSignature(token, changed))).toBe(
        `MALFORMED_SIGNATURE: the test token signature is ${changed.length} base64url characters, not 176: ` +
          'ES512 signatures are 132 bytes (r||s), never DER-encoded or truncated',
      )
    }
    const input = token.split('.').slice(0, 2).join('.')
    const der = sign('sha512', Buffer.from(input), { key: signer.privateKey, dsaEncoding: 'der' })
    expect(await failure(withSignature(token, base64url(der)))).toMatch(/^MALFORMED_SIGNATURE: the test token signature is \d+ base64url characters, not 176/)
  })

  it.each([
    ['a JSON array', []],
    ['JSON null', null],
    ['a string', 'claims'],
    ['a number', 7],
  ])('rejects a validly signed token whose claims are %s', async (_, value) => {
    expect(await failure(await signToken(value, signer.privateKey))).toBe('MALFORMED_SIGNATURE: the claims of the test token are not UTF-8 JSON text of an object')
  })

  it('rejects validly signed claims that are not UTF-8 or not JSON', async () => {
    const raw = (payload: Uint8Array) => {
      const input = `${base64url(JSON.stringify(header))}.${base64url(payload)}`
      return `${input}.${base64url(sign('sha512', Buffer.from(input), { key: signer.privateKey, dsaEncoding: 'ieee-p1363' }))}`
    }
    for (const payload of [new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), new TextEncoder().encode('{"a":')]) {
      expect(await failure(raw(payload))).toBe('MALFORMED_SIGNATURE: the claims of the test token are not UTF-8 JSON text of an object')
    }
  })
})

describe('signJws', () => {
  it('signs the claims with the header QI Tech uses and a 132-byte signature that verifyJws accepts', async () => {
    const token = await signJws(claims, await cryptoKeyOf(signer.privateKey))
    const [headerSegment, claimsSegment, signature] = token.split('.')
    expect(Buffer.from(headerSegment, 'base64url').toString('utf8')).toBe('{"alg":"ES512","typ":"JWT"}')
    expect(Buffer.from(claimsSegment, 'base64url').toString('utf8')).toBe(JSON.stringify(claims))
    expect(Buffer.from(signature, 'base64url')).toHaveLength(132)
    expect(await verifyWith(token)).toEqual({ ok: true, value: claims })
  })
})
