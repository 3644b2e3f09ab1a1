import { generateKeyPairSync } from 'node:crypto'
import { runInNewContext } from 'node:vm'
import { DEFAULT_TOLERANCE_SECONDS, readClock, resolveOptions } from '../../src/signature/options'

const key = generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).publicKey
const other = generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).publicKey
const NOW_MS = Date.parse('2026-11-27T12:00:00Z')
const now = () => NOW_MS

const detail = (result: { ok: boolean; code?: string; detail?: string }): string => (result.ok ? 'ok' : `${result.code}: ${result.detail}`)

describe('resolveOptions', () => {
  it('resolves the keys, the default tolerance of 300 s in milliseconds, and the clock, called once to check it', async () => {
    let calls = 0
    const clock = () => ((calls += 1), NOW_MS)
    const result = await resolveOptions({ publicKeys: [key, other], now: clock })
    expect(result).toEqual({ ok: true, value: { keys: [expect.any(CryptoKey), expect.any(CryptoKey)], toleranceMs: 300_000, now: clock, apiClientKeys: undefined, legacy: false } })
    expect(DEFAULT_TOLERANCE_SECONDS).toBe(300)
    expect(calls).toBe(1)
  })

  it('takes one key given without a list, and a tolerance in seconds', async () => {
    expect(await resolveOptions({ publicKeys: key, toleranceSeconds: 0.5, now })).toEqual({
      ok: true,
      value: { keys: [expect.any(CryptoKey)], toleranceMs: 500, now, apiClientKeys: undefined, legacy: false },
    })
  })

  it('accepts a tolerance of up to one hour', async () => {
    const result = await resolveOptions({ publicKeys: key, toleranceSeconds: 3600, now })
    expect(result.ok && result.value.toleranceMs).toBe(3_600_000)
  })

  it('takes legacy as true or false, false by default', async () => {
    const resolved = await Promise.all([true, false, undefined].map((legacy) => resolveOptions({ publicKeys: key, now, legacy })))
    expect(resolved.map((result) => result.ok && result.value.legacy)).toEqual([true, false, false])
  })

  it('takes apiClientKey as one key or a list of them', async () => {
    const one = await resolveOptions({ publicKeys: key, now, apiClientKey: 'k-1' })
    const several = await resolveOptions({ publicKeys: key, now, apiClientKey: ['k-1', 'k-2'] })
    expect([one.ok && one.value.apiClientKeys, several.ok && several.value.apiClientKeys]).toEqual([['k-1'], ['k-1', 'k-2']])
  })

  it('leaves the clock undefined when none is given, for Date.now', async () => {
    const result = await resolveOptions({ publicKeys: key })
    expect(result.ok && result.value.now).toBeUndefined()
    const before = Date.now()
    const read = readClock(undefined)
    expect(read.ok && read.value >= before && read.value <= Date.now()).toBe(true)
  })

  it('refuses with INVALID_OPTIONS, never throwing, when reading the options throws', async () => {
    const trapping = new Proxy({}, { get: () => { throw new Error('trap') } })
    expect(detail(await resolveOptions(trapping))).toBe('INVALID_OPTIONS: the options threw while being read')
  })

  it.each([
    ['options that are not an object', null, 'options must be an object with publicKeys'],
    ['a string for options', 'key', 'options must be an object with publicKeys'],
    ['no publicKeys', {}, "publicKeys is empty; pass QI Tech's public key (PEM)"],
    ['an empty list of keys', { publicKeys: [] }, "publicKeys is empty; pass QI Tech's public key (PEM)"],
    ['a bad key in a list, named by its index', { publicKeys: [key, 'x'] }, 'publicKeys[1] is not a PEM public key'],
    ['a bad key alone', { publicKeys: 'x' }, 'publicKeys is not a PEM public key'],
    ['a tolerance of 0', { publicKeys: key, toleranceSeconds: 0 }, 'toleranceSeconds must be'],
    ['a negative tolerance', { publicKeys: key, toleranceSeconds: -1 }, 'toleranceSeconds must be'],
    ['a NaN tolerance', { publicKeys: key, toleranceSeconds: Number.NaN }, 'toleranceSeconds must be'],
    ['an infinite tolerance', { publicKeys: key, toleranceSeconds: Number.POSITIVE_INFINITY }, 'toleranceSeconds must be'],
    ['a tolerance above one hour', { publicKeys: key, toleranceSeconds: 3600.001 }, 'toleranceSeconds must be more than 0 and at most 3600 seconds'],
    ['a tolerance of 1e300, which would turn off the replay check', { publicKeys: key, toleranceSeconds: 1e300 }, 'toleranceSeconds must be'],
    ['a tolerance given as a string', { publicKeys: key, toleranceSeconds: '300' }, 'toleranceSeconds must be'],
    ['a null tolerance', { publicKeys: key, toleranceSeconds: null }, 'toleranceSeconds must be'],
    ['a clock that is not a function', { publicKeys: key, now: NOW_MS }, 'now is not a function'],
    ['an empty apiClientKey', { publicKeys: key, apiClientKey: '' }, "apiClientKey must be your integration's API-CLIENT-KEY"],
    ['a blank apiClientKey', { publicKeys: key, apiClientKey: '  ' }, 'apiClientKey must be'],
    ['an empty list of apiClientKey', { publicKeys: key, apiClientKey: [] }, 'apiClientKey must be'],
    ['a number in the apiClientKey list', { publicKeys: key, apiClientKey: ['k', 7] }, 'apiClientKey must be'],
    ['a null apiClientKey', { publicKeys: key, apiClientKey: null }, 'apiClientKey must be'],
    ['legacy given as a string', { publicKeys: key, legacy: 'true' }, 'legacy must be true or false'],
    ['legacy given as 1', { publicKeys: key, legacy: 1 }, 'legacy must be true or false'],
  ])('refuses %s with INVALID_OPTIONS', async (_, options, message) => {
    expect(detail(await resolveOptions(options))).toMatch(new RegExp(`^INVALID_OPTIONS: ${message.replace(/[()[\]]/g, '\\$&')}`))
  })
})

describe('readClock', () => {
  it('reads a number, a Date and a Date from another realm', async () => {
    expect(readClock(() => NOW_MS)).toEqual({ ok: true, value: NOW_MS })
    expect(readClock(() => new Date(NOW_MS))).toEqual({ ok: true, value: NOW_MS })
    expect(readClock(() => runInNewContext(`new Date(${NOW_MS})`))).toEqual({ ok: true, value: NOW_MS })
  })

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an invalid Date', new Date(Number.NaN)],
    ['a numeric string', String(NOW_MS)],
    ['an object that only looks like a Date', { getTime: () => NOW_MS }],
  ])('refuses a clock that returns %s', (_, value) => {
    expect(detail(readClock(() => value))).toBe('INVALID_OPTIONS: now() returned neither a valid Date nor a finite number')
  })
})
