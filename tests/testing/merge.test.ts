import { deepMerge } from '../../src/testing/merge'

describe('deepMerge', () => {
  it('merges plain objects key by key, at every depth, leaving both inputs unchanged', () => {
    const base = { a: 1, nested: { b: 2, c: 3 } }
    const overrides = { nested: { c: 4, d: 5 }, e: 6 }
    expect(deepMerge(base, overrides)).toEqual({ a: 1, nested: { b: 2, c: 4, d: 5 }, e: 6 })
    expect(base).toEqual({ a: 1, nested: { b: 2, c: 3 } })
    expect(overrides).toEqual({ nested: { c: 4, d: 5 }, e: 6 })
  })

  it('replaces with arrays, null and scalars, and keeps the base for undefined', () => {
    expect(deepMerge({ list: [1, 2], o: { x: 1 }, s: 's', n: 1 }, { list: [3], o: null, s: 't', n: undefined })).toEqual({
      list: [3],
      o: null,
      s: 't',
      n: 1,
    })
    expect(deepMerge([1], { a: 1 })).toEqual({ a: 1 })
    expect(deepMerge({ a: 1 }, [2])).toEqual([2])
    expect(deepMerge('base', undefined)).toBe('base')
  })

  it('replaces rather than merges objects that are not plain, such as a Date', () => {
    const date = new Date(0)
    expect(deepMerge({ when: { y: 1 } }, { when: date })).toEqual({ when: date })
    expect(deepMerge({ when: date }, { when: { y: 1 } })).toEqual({ when: { y: 1 } })
  })

  it('returns a new object and ignores a __proto__ key instead of changing a prototype', () => {
    const base = { a: 1 }
    const merged = deepMerge(base, JSON.parse('{"__proto__": {"polluted": true}, "b": 2}')) as Record<string, unknown>
    expect(merged).not.toBe(base)
    expect(merged).toEqual({ a: 1, b: 2 })
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
