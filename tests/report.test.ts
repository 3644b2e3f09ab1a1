import * as t from 'io-ts'
import { runInNewContext } from 'node:vm'
import { IsoDate } from '../src'
import { nullable } from '../src/combinators'
import { describeValue, toIssues } from '../src/report'

describe('describeValue', () => {
  it.each([
    [undefined, 'nothing (the field is missing)'],
    [null, 'null'],
    [[], 'array (0 items)'],
    [[1], 'array (1 item)'],
    [[1, 2], 'array (2 items)'],
    ['', 'string (0 chars)'],
    ['a', 'string (1 char)'],
    ['1009.68', 'string (7 chars)'],
    [1009.68, 'number'],
    [Infinity, 'non-finite number (Infinity)'],
    [NaN, 'non-finite number (NaN)'],
    [true, 'boolean'],
    [10n, 'bigint'],
    [() => 1, 'function'],
    [{}, 'object'],
    [Object.create(null), 'object'],
    [new Map(), 'Map object'],
    [new Date(0), 'Date object'],
    [{ [Symbol.toStringTag]: 'x'.repeat(100) }, `${'x'.repeat(40)} object`],
  ])('describes %p by kind and size only', (value, description) => {
    expect(describeValue(value)).toBe(description)
  })

  it('describes an object whose tag cannot be read as an object, and a foreign-realm array as an array', () => {
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    expect(describeValue(proxy)).toBe('object')
    expect(describeValue(runInNewContext('[1, 2, 3]'))).toBe('array (3 items)')
  })
})

describe('toIssues', () => {
  const Body = t.type({
    due_date: nullable(IsoDate),
    items: t.array(t.type({ amount: t.number })),
    both: t.intersection([t.type({ a: t.string }), t.partial({ b: t.string })]),
  })
  const issuesOf = (u: unknown) => {
    const result = Body.decode(u)
    return result._tag === 'Left' ? toIssues(result.left).issues : []
  }

  it('gives each failure its dotted path with array indexes, skipping intersection and union members', () => {
    expect(issuesOf({ due_date: 7, items: [{ amount: 1 }, { amount: '2' }], both: { a: 1, b: 2 } })).toEqual([
      { path: 'due_date', expected: 'IsoDate | null', received: 'number' },
      { path: 'items[1].amount', expected: 'number', received: 'string (1 char)' },
      { path: 'both.a', expected: 'string', received: 'number' },
      { path: 'both.b', expected: 'string', received: 'number' },
    ])
  })

  it('reports one issue per path, dropping the failure of the null member of a nullable field', () => {
    const issues = issuesOf({ due_date: '2023-02-30', items: [], both: { a: 'x' } })
    expect(issues).toEqual([{ path: 'due_date', expected: 'IsoDate | null', received: 'string (10 chars)' }])
  })

  it('says that no body was passed when the body itself is undefined', () => {
    expect(issuesOf(undefined)).toEqual([{ path: '', expected: Body.name, received: 'undefined (no body was passed)' }])
  })

  it('lists at most 100 issues and counts the rest exactly, with the issues the budget only counted', () => {
    const result = t.array(t.number).decode(Array.from({ length: 150 }, () => 'x'))
    if (result._tag === 'Right') throw new Error('expected a Left')
    const { issues, omittedIssues } = toIssues(result.left, 7)
    expect(issues).toHaveLength(100)
    expect(issues[99].path).toBe('[99]')
    expect(omittedIssues).toBe(57)
  })

  it('reports a field that fails both members of a union once', () => {
    const result = t.type({ when: t.union([t.string, t.number]) }).decode({ when: true })
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(result.left).toHaveLength(2)
    expect(toIssues(result.left).issues.map((issue) => issue.path)).toEqual(['when'])
  })
})
