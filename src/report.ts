import type * as t from 'io-ts'
import { MAX_ISSUES } from './combinators'
import type { InstallmentWebhookIssue } from './errors'

const MAX_TAG_LENGTH = 40

/**
 * `array (3 items)` for an array; `Map object`, `Date object`, ... for an object that is not a plain record, from
 * its `Object.prototype.toString` tag (bounded, since a class handed in directly chooses its own tag); `object` for
 * a plain object, or one that throws when asked (a revoked Proxy).
 */
const describeObject = (value: object): string => {
  let tag: string
  try {
    if (Array.isArray(value)) return `array (${value.length} item${value.length === 1 ? '' : 's'})`
    tag = Object.prototype.toString.call(value).slice(8, -1)
  } catch {
    return 'object'
  }
  return tag === 'Object' ? 'object' : `${tag.slice(0, MAX_TAG_LENGTH)} object`
}

/**
 * Describes a value by its kind and size only: the value itself may be payment data, or megabytes of an attacker's
 * text. Never reads more than `length`, so a huge or deeply nested value costs nothing here.
 */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return 'nothing (the field is missing)'
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
      return `string (${value.length} char${value.length === 1 ? '' : 's'})`
    case 'number':
      return Number.isFinite(value) ? 'number' : `non-finite number (${String(value)})`
    case 'object':
      return describeObject(value)
    default:
      return typeof value
  }
}

const tagOf = (type: t.Decoder<unknown, unknown>): string | undefined => (type as { _tag?: string })._tag

/** The path of a failure, `data.installment.events[0].amount`, and the entry whose codec names what was expected. */
const locate = (context: t.Context): { path: string; expected: string } => {
  let path = ''
  let expected = context.length > 0 ? context[0].type.name : 'unknown'
  for (let i = 1; i < context.length; i++) {
    const entry = context[i]
    const parent = tagOf(context[i - 1].type)
    if (entry.key === '' || parent === 'IntersectionType' || parent === 'UnionType') continue
    // `t.UnknownArray` (an `AnyArrayType`) never reports failures of its items, so only `ArrayType` indexes a path.
    path = parent === 'ArrayType' ? `${path}[${entry.key}]` : path === '' ? entry.key : `${path}.${entry.key}`
    expected = entry.type.name
  }
  return { path, expected }
}

// A `T | null` field whose value is neither fails both members; `T`'s failure says where and why, so the `null`
// member's failure (which would name the field itself even when `T` failed deep inside it) is dropped.
const isNullMemberFailure = (context: t.Context): boolean =>
  context.length > 1 &&
  tagOf(context[context.length - 1].type) === 'NullType' &&
  tagOf(context[context.length - 2].type) === 'UnionType'

/**
 * Turns io-ts failures into issues, one per path, in the order io-ts found them: at most {@link MAX_ISSUES}, and the
 * count of the rest, which adds the issues the report's budget only counted.
 */
export const toIssues = (errors: t.Errors, counted = 0): { issues: InstallmentWebhookIssue[]; omittedIssues: number } => {
  const issues: InstallmentWebhookIssue[] = []
  const seen = new Set<string>()
  for (const error of errors) {
    if (isNullMemberFailure(error.context)) continue
    const { path, expected } = locate(error.context)
    if (seen.has(path)) continue
    seen.add(path)
    // An undefined body is what a handler passes when no body parser ran; "the field is missing" would mislead.
    const received = path === '' && error.value === undefined ? 'undefined (no body was passed)' : describeValue(error.value)
    issues.push({ path, expected, received })
  }
  const shown = issues.slice(0, MAX_ISSUES)
  return { issues: shown, omittedIssues: issues.length - shown.length + counted }
}
