import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { Worker } from 'node:worker_threads'
import * as ts from 'typescript'
import { type InstallmentWebhookErrorCode, decodeInstallmentWebhook } from '../src'
import { isIsoDate, isIsoDateTime } from '../src/dates'
import { loadFixture, readFixture } from './fixtures'
import { hostileSize } from './property-settings'

type Outcome =
  | { readonly accepted: true }
  | { readonly code: InstallmentWebhookErrorCode; readonly path?: string; readonly received?: string }

const accepted: Outcome = { accepted: true }
const MEGABYTES_5 = hostileSize(5 * 1024 * 1024)
const WIDTH = hostileSize(100_000)
const DEPTH = 100_000

/** Decodes and asserts the outcome, and that any error stays bounded and keeps the body reachable. */
const expectOutcome = (body: unknown, outcome: Outcome) => {
  const result = decodeInstallmentWebhook(body)
  if ('accepted' in outcome) {
    if (result._tag === 'Left') throw new Error(`expected a Right, got ${result.left.message}`)
    return result
  }
  if (result._tag === 'Right') throw new Error(`expected ${outcome.code}, got a Right`)
  const error = result.left
  expect(error.code).toBe(outcome.code)
  if (outcome.path !== undefined) expect(error.issues.map((i) => i.path)).toEqual([outcome.path])
  if (outcome.received !== undefined) expect(error.issues[0].received).toBe(outcome.received)
  expect(error.message.length).toBeLessThan(1000)
  expect(error.issues.reduce((longest, i) => Math.max(longest, i.received.length), 0)).toBeLessThan(100)
  // Nothing is lost: a value handed in stays on the error as it was; text stays as parsed, or as received if it did not parse.
  if (typeof body !== 'string' && !ArrayBuffer.isView(body)) expect(error.payload).toBe(body)
  else if (error.code === 'INVALID_JSON') expect(error.payload).toBe(body)
  return result
}

/** A parsed seed status change with one change applied. */
const paid = (change: (p: Record<string, any>) => void = () => undefined): Record<string, any> => {
  const payload = loadFixture('seed-paid.json')
  change(payload)
  return payload
}
/** A parsed seed bank-slip update with one change applied. */
const update = (change: (p: Record<string, any>) => void = () => undefined): Record<string, any> => {
  const payload = loadFixture('seed-bank-slip-update.json')
  change(payload)
  return payload
}
const text = (payload: unknown): string => JSON.stringify(payload)
/** JSON text of `payload` with the string value `"@@"` replaced by raw JSON text. */
const spliced = (payload: Record<string, any>, raw: string): string => {
  const json = text(payload)
  expect(json.split('"@@"')).toHaveLength(2)
  return json.replace('"@@"', () => raw)
}

const seedText = readFixture('seed-paid.json')
const seedBytes = Buffer.from(seedText, 'utf8')

describe('decodeInstallmentWebhook on hostile bodies', () => {
  const rows: Array<[string, () => unknown, Outcome]> = [
    // Empty and non-object bodies.
    ['an empty string', () => '', { code: 'INVALID_JSON', path: '' }],
    ['empty bytes', () => Buffer.alloc(0), { code: 'INVALID_JSON', path: '' }],
    ['whitespace only', () => ' \r\n\t', { code: 'INVALID_JSON', path: '' }],
    ['undefined handed in (no body parser ran)', () => undefined, { code: 'NOT_AN_OBJECT', path: '', received: 'undefined (no body was passed)' }],
    ['null as text', () => 'null', { code: 'NOT_AN_OBJECT', path: '', received: 'null' }],
    ['null handed in', () => null, { code: 'NOT_AN_OBJECT', path: '', received: 'null' }],
    ['an empty array as text', () => '[]', { code: 'NOT_AN_OBJECT', path: '', received: 'array (0 items)' }],
    ['an array holding a valid payload', () => `[${seedText}]`, { code: 'NOT_AN_OBJECT', path: '', received: 'array (1 item)' }],
    ['an array handed in', () => [paid()], { code: 'NOT_AN_OBJECT', path: '' }],
    ['a number as text', () => '42', { code: 'NOT_AN_OBJECT', path: '', received: 'number' }],
    ['a number handed in', () => 42, { code: 'NOT_AN_OBJECT', path: '', received: 'number' }],
    ['a JSON string as text', () => '"paid"', { code: 'NOT_AN_OBJECT', path: '', received: 'string (4 chars)' }],
    ['true as text', () => 'true', { code: 'NOT_AN_OBJECT', path: '', received: 'boolean' }],
    ['false handed in', () => false, { code: 'NOT_AN_OBJECT', path: '', received: 'boolean' }],
    // Encodings.
    ['a UTF-8 BOM before valid JSON text', () => `\uFEFF${seedText}`, accepted],
    ['UTF-8 BOM bytes before valid JSON bytes', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), seedBytes]), accepted],
    ['two BOMs before JSON text', () => `\uFEFF\uFEFF${seedText}`, { code: 'INVALID_JSON', path: '' }],
    ['two BOMs before JSON bytes', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), seedBytes]), { code: 'INVALID_JSON', path: '' }],
    ['a 0xFF byte', () => Buffer.concat([seedBytes.subarray(0, 10), Buffer.from([0xff]), seedBytes.subarray(10)]), { code: 'INVALID_JSON', path: '', received: `bytes that are not UTF-8 (${seedBytes.length + 1} bytes)` }],
    ['an overlong encoding of "/"', () => Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]), { code: 'INVALID_JSON', path: '' }],
    ['a UTF-8-encoded lone surrogate', () => Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d]), { code: 'INVALID_JSON', path: '' }],
    ['a multi-byte character cut at the end', () => Buffer.concat([seedBytes, Buffer.from([0xe2, 0x82])]), { code: 'INVALID_JSON', path: '' }],
    ['UTF-16LE text with a BOM', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seedText, 'utf16le')]), { code: 'INVALID_JSON', path: '', received: `UTF-16 text (${2 * seedText.length + 2} bytes)` }],
    ['UTF-16BE text with a BOM', () => Buffer.from(`\uFEFF${seedText}`, 'utf16le').swap16(), { code: 'INVALID_JSON', path: '', received: `UTF-16 text (${2 * seedText.length + 2} bytes)` }],
    ['UTF-16LE text without a BOM', () => Buffer.from(seedText, 'utf16le'), { code: 'INVALID_JSON', path: '' }],
    // Not JSON.
    ['truncated JSON', () => seedText.slice(0, seedText.length / 2), { code: 'INVALID_JSON', path: '' }],
    ['trailing garbage', () => `${seedText}garbage`, { code: 'INVALID_JSON', path: '' }],
    ['two concatenated objects', () => `${seedText}${seedText}`, { code: 'INVALID_JSON', path: '' }],
    ['two objects on two lines', () => `${text(paid())}\n${text(paid())}`, { code: 'INVALID_JSON', path: '' }],
    ['a line comment', () => `// QI Tech\n${seedText}`, { code: 'INVALID_JSON', path: '' }],
    ['a block comment', () => seedText.replace('{', '{ /* note */'), { code: 'INVALID_JSON', path: '' }],
    ['a trailing comma in an object', () => text(paid()).replace(/\}$/, ',}'), { code: 'INVALID_JSON', path: '' }],
    ['a trailing comma in an array', () => spliced(paid((p) => (p.extra = '@@')), '[1,2,]'), { code: 'INVALID_JSON', path: '' }],
    ['NaN as an amount', () => spliced(paid((p) => (p.data.installment.events[0].amount = '@@')), 'NaN'), { code: 'INVALID_JSON', path: '' }],
    ['Infinity as an amount', () => spliced(paid((p) => (p.data.installment.events[0].amount = '@@')), 'Infinity'), { code: 'INVALID_JSON', path: '' }],
    ['single-quoted strings', () => seedText.replace('"key"', "'key'"), { code: 'INVALID_JSON', path: '' }],
    // Numbers JSON.parse turns into Infinity.
    [
      '1e400 as an event amount',
      () => spliced(paid((p) => (p.data.installment.events[0].amount = '@@')), '1e400'),
      { code: 'INVALID_PAYLOAD', path: 'data.installment.events[0].amount', received: 'non-finite number (Infinity)' },
    ],
    [
      '-1e400 as a paid amount',
      () => spliced(paid((p) => (p.data.installment.installment_payment[0].paid_amount = '@@')), '-1e400'),
      { code: 'INVALID_PAYLOAD', path: 'data.installment.installment_payment[0].paid_amount', received: 'non-finite number (-Infinity)' },
    ],
    [
      '1e400 as a bank-slip total_amount',
      () => spliced(update((p) => (p.data.installments[0].total_amount = '@@')), '1e400'),
      { code: 'INVALID_PAYLOAD', path: 'data.installments[0].total_amount', received: 'non-finite number (Infinity)' },
    ],
    [
      '-1e400 as workdays',
      () => spliced(paid((p) => (p.data.installment.workdays = '@@')), '-1e400'),
      { code: 'INVALID_PAYLOAD', path: 'data.installment.workdays', received: 'non-finite number (-Infinity)' },
    ],
    ['1e308 as an amount', () => spliced(paid((p) => (p.data.installment.events[0].amount = '@@')), '1e308'), accepted],
    // Megabytes.
    ['a 5 MB string in an unknown field', () => text(paid((p) => (p.data.installment.note = 'x'.repeat(MEGABYTES_5)))), accepted],
    [
      'a 5 MB string as a due date',
      () => text(paid((p) => (p.data.installment.due_date = '2'.repeat(MEGABYTES_5)))),
      { code: 'INVALID_PAYLOAD', path: 'data.installment.due_date', received: `string (${MEGABYTES_5} chars)` },
    ],
    [
      'a 5 MB string as an amount',
      () => text(update((p) => (p.data.installments[0].total_amount = '9'.repeat(MEGABYTES_5)))),
      { code: 'INVALID_PAYLOAD', path: 'data.installments[0].total_amount', received: `string (${MEGABYTES_5} chars)` },
    ],
    [
      'a 5 MB string as webhook_type',
      () => text(paid((p) => (p.webhook_type = 'w'.repeat(MEGABYTES_5)))),
      { code: 'UNSUPPORTED_WEBHOOK_TYPE', path: 'webhook_type', received: `string (${MEGABYTES_5} chars)` },
    ],
    [
      'a 5 MB string as data.status',
      () => text(paid((p) => (p.data.status = 's'.repeat(MEGABYTES_5)))),
      { code: 'UNKNOWN_STATUS', path: 'data.status', received: `string (${MEGABYTES_5} chars)` },
    ],
    ['a 5 MB fraction of a second', () => text(paid((p) => (p.data.installment.paid_at = `2022-09-27T07:03:34.${'1'.repeat(MEGABYTES_5)}`))), accepted],
    ['5 MB of text that is not JSON', () => `{"key":"${'k'.repeat(MEGABYTES_5)}`, { code: 'INVALID_JSON', path: '', received: `text that is not JSON (string (${MEGABYTES_5 + 8} chars))` }],
    // Depth.
    ['100,000 nested arrays in an unknown field', () => spliced(paid((p) => (p.deep = '@@')), `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`), accepted],
    [
      '100,000 nested arrays where a string is expected',
      () => spliced(paid((p) => (p.key = '@@')), `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`),
      { code: 'INVALID_PAYLOAD', path: 'key', received: 'array (1 item)' },
    ],
    [
      '100,000 nested arrays as data.status',
      () => spliced(paid((p) => (p.data.status = '@@')), `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`),
      { code: 'INVALID_PAYLOAD', path: 'data.status', received: 'array (1 item)' },
    ],
    [
      '100,000 nested arrays as additional_costs (an array of anything)',
      () => spliced(paid((p) => (p.data.installment.additional_costs = '@@')), `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`),
      accepted,
    ],
    ['100,000 nested objects in an unknown field', () => spliced(paid((p) => (p.deep = '@@')), `${'{"a":'.repeat(DEPTH)}null${'}'.repeat(DEPTH)}`), accepted],
    [
      '100,000 nested objects as the installment',
      () => spliced(paid((p) => (p.data.installment = '@@')), `${'{"a":'.repeat(DEPTH)}null${'}'.repeat(DEPTH)}`),
      { code: 'INVALID_PAYLOAD' },
    ],
    [
      '100,000 nested arrays handed in where a string is expected',
      () => paid((p) => (p.key = nestedArrays(DEPTH))),
      { code: 'INVALID_PAYLOAD', path: 'key', received: 'array (1 item)' },
    ],
    // Width.
    ['an installments array of 100,000 items', () => text(update((p) => (p.data.installments = Array.from({ length: WIDTH }, () => p.data.installments[0])))), accepted],
    // Names of Object.prototype members as values.
    ...(['__proto__', 'constructor', 'toString', 'hasOwnProperty'] as const).flatMap((name): Array<[string, () => unknown, Outcome]> => [
      [`${name} as webhook_type`, () => text(paid((p) => (p.webhook_type = name))), { code: 'UNSUPPORTED_WEBHOOK_TYPE', path: 'webhook_type' }],
      [`${name} as data.status`, () => text(paid((p) => (p.data.status = name))), { code: 'UNKNOWN_STATUS', path: 'data.status' }],
      [
        `${name} as the enumerator of every nested enumerator object`,
        () =>
          text(
            paid((p) => {
              const i = p.data.installment
              for (const e of [i.installment_status, i.events[0].installment_event_type, i.events[0].installment_old_status, i.installment_payment[0].paid_method_type]) {
                e.enumerator = name
              }
            }),
          ),
        accepted,
      ],
    ]),
    // Own keys named after Object.prototype members, holding non-functions.
    ['own hasOwnProperty, toString and valueOf keys on every object', () => withPrototypeNamedKeys(paid()), accepted],
    ['own hasOwnProperty, toString and valueOf keys on every bank-slip object', () => withPrototypeNamedKeys(update()), accepted],
    [
      'own hasOwnProperty, toString and valueOf keys on a payload with a broken field',
      () => withPrototypeNamedKeys(paid((p) => (p.data.installment.installment_payment[0].paid_amount = '1009.68'))),
      { code: 'INVALID_PAYLOAD', path: 'data.installment.installment_payment[0].paid_amount' },
    ],
    // Impossible dates and times.
    ['2023-02-30 as a due date', () => text(paid((p) => (p.data.installment.due_date = '2023-02-30'))), { code: 'INVALID_PAYLOAD', path: 'data.installment.due_date' }],
    ['2023-02-29 (not a leap year) as a due date', () => text(paid((p) => (p.data.installment.due_date = '2023-02-29'))), { code: 'INVALID_PAYLOAD', path: 'data.installment.due_date' }],
    ['1900-02-29 (not a leap year) as a due date', () => text(update((p) => (p.data.installments[0].due_date = '1900-02-29'))), { code: 'INVALID_PAYLOAD', path: 'data.installments[0].due_date' }],
    ['2024-02-29 and 2000-02-29 (leap years) as due dates', () => text(paid((p) => ((p.data.installment.due_date = '2024-02-29'), (p.data.installment.business_due_date = '2000-02-29')))), accepted],
    ['month 13 in a due date', () => text(paid((p) => (p.data.installment.due_date = '2022-13-01'))), { code: 'INVALID_PAYLOAD', path: 'data.installment.due_date' }],
    ['month 00 in a due date', () => text(paid((p) => (p.data.installment.due_date = '2022-00-10'))), { code: 'INVALID_PAYLOAD', path: 'data.installment.due_date' }],
    ['month 13 in a date-time', () => text(paid((p) => (p.data.installment.paid_at = '2022-13-27T07:03:34'))), { code: 'INVALID_PAYLOAD', path: 'data.installment.paid_at' }],
    ['24:00:00 as a time', () => text(paid((p) => (p.data.installment.paid_at = '2022-09-27T24:00:00'))), { code: 'INVALID_PAYLOAD', path: 'data.installment.paid_at' }],
    ['a 60th second', () => text(paid((p) => (p.data.installment.events[0].created_at = '2022-09-27T23:59:60'))), { code: 'INVALID_PAYLOAD', path: 'data.installment.events[0].created_at' }],
    ['a +24:00 offset', () => text(paid((p) => (p.data.installment.paid_at = '2022-09-27T07:03:34+24:00'))), { code: 'INVALID_PAYLOAD', path: 'data.installment.paid_at' }],
    ['a date with full-width digits', () => text(paid((p) => (p.data.installment.due_date = '２０２２-10-28'))), { code: 'INVALID_PAYLOAD', path: 'data.installment.due_date' }],
    ['a date followed by a newline', () => text(paid((p) => (p.data.installment.due_date = '2022-10-28\n'))), { code: 'INVALID_PAYLOAD', path: 'data.installment.due_date' }],
  ]

  it.each(rows)('handles %s', (_, body, outcome) => {
    expectOutcome(body(), outcome)
  })

  it('keeps the rejected megabyte value out of the message and on the payload', () => {
    const big = '2'.repeat(MEGABYTES_5)
    const result = expectOutcome(text(paid((p) => (p.data.installment.due_date = big))), { code: 'INVALID_PAYLOAD' })
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(result.left.message).not.toContain('2222222222')
    expect((result.left.payload as any).data.installment.due_date).toBe(big)
  })

  it('lists the first 100 of 100,000 broken installments, counts the rest, and states only the first three in the message', () => {
    const body = update((p) => (p.data.installments = Array.from({ length: WIDTH }, () => ({ ...p.data.installments[0], total_amount: '1' }))))
    const result = expectOutcome(body, { code: 'INVALID_PAYLOAD' })
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(result.left.issues).toHaveLength(100)
    expect(result.left.issues[99].path).toBe('data.installments[99].total_amount')
    expect(result.left.omittedIssues).toBe(WIDTH - 100)
    expect(result.left.message).toMatch(new RegExp(`; and ${WIDTH - 3} more issues$`))
  })

  it('counts every issue of installments that are empty objects, however deep, without listing more than 100', () => {
    const items = `${'{},'.repeat(WIDTH - 1)}{"installment_key":"k","due_date":"2024-02-30","total_amount":1,"qr_code_url":7}`
    const body = `{"key":"k","webhook_type":"installment.status_change","data":{"status":"update","installments":[${items}]}}`
    const result = expectOutcome(body, { code: 'INVALID_PAYLOAD' })
    if (result._tag === 'Right') throw new Error('expected a Left')
    // Three required fields in each empty item, two broken fields in the last one.
    expect(result.left.issues.length + result.left.omittedIssues).toBe(3 * (WIDTH - 1) + 2)
    expect(result.left.issues).toHaveLength(100)
    expect(result.left.issues.slice(0, 3).map((i) => i.path)).toEqual([
      'data.installments[0].installment_key',
      'data.installments[0].due_date',
      'data.installments[0].total_amount',
    ])
  })

  it('counts a later list of the same installment once the first has used up the 100 listed issues', () => {
    const body = paid((p) => {
      p.data.installment.events = Array.from({ length: 150 }, () => 5)
      p.data.installment.installment_payment = [...Array.from({ length: 20 }, () => 'x'), { paid_amount: 'y', paid_at: 3 }]
    })
    const result = expectOutcome(text(body), { code: 'INVALID_PAYLOAD' })
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(result.left.issues).toHaveLength(100)
    // 150 events and 20 payments that are not objects, and one payment with two broken fields.
    expect(result.left.omittedIssues).toBe(150 + 20 + 2 - 100)
  })

  it.each([
    ['a list that is not a list', 5, 1],
    ['a list with a valid item and a broken one', [{ paid_amount: 1 }, 'x'], 1],
  ])('counts %s, after the listed issues are used up, as its issues alone', (_, payments, counted) => {
    const body = paid((p) => {
      p.data.installment.events = Array.from({ length: 150 }, () => 5)
      p.data.installment.installment_payment = payments
    })
    const result = expectOutcome(text(body), { code: 'INVALID_PAYLOAD' })
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(result.left.omittedIssues).toBe(150 + counted - 100)
  })

  it('counts the issues of status-change events and payments past the first 100 exactly', () => {
    const events = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 5 : { amount: 'x', installment_event_type: { enumerator: 1, translation_path: 2 } }))
    const body = paid((p) => (p.data.installment.events = events))
    const result = expectOutcome(text(body), { code: 'INVALID_PAYLOAD' })
    if (result._tag === 'Right') throw new Error('expected a Left')
    // 100 events that are not objects, 200 with three broken fields each.
    expect(result.left.issues.length + result.left.omittedIssues).toBe(100 + 200 * 3)
    expect(result.left.issues).toHaveLength(100)
  })
})

/** `depth` arrays, each holding the next. */
const nestedArrays = (depth: number): unknown => {
  let value: unknown = []
  for (let i = 1; i < depth; i++) value = [value]
  return value
}

/** The payload as text, with `hasOwnProperty`, `toString` and `valueOf` keys holding non-functions on every object. */
const withPrototypeNamedKeys = (payload: Record<string, any>): string => {
  const stack: unknown[] = [payload]
  while (stack.length > 0) {
    const node = stack.pop()
    if (typeof node !== 'object' || node === null) continue
    stack.push(...Object.values(node))
    if (!Array.isArray(node)) Object.assign(node, { hasOwnProperty: 1, toString: 'x', valueOf: null })
  }
  return text(payload)
}

describe('decodeInstallmentWebhook on values handed in directly', () => {
  it('accepts an object whose fields are getters, and returns it as is', () => {
    const source = paid()
    const body = {}
    for (const key of Object.keys(source)) Object.defineProperty(body, key, { enumerable: true, get: () => source[key] })
    const result = expectOutcome(body, accepted)
    expect(result._tag === 'Right' && result.right).toBe(body)
  })

  it.each([
    ['webhook_type', (p: Record<string, any>) => p],
    ['data.installment.due_date', (p: Record<string, any>) => p.data.installment],
  ])('gives INVALID_PAYLOAD, not an exception, for a getter that throws at %s', (path, holder) => {
    const body = paid()
    const key = path.split('.').pop()!
    Object.defineProperty(holder(body), key, {
      enumerable: true,
      get() {
        throw new Error('getter failed')
      },
    })
    const result = expectOutcome(body, { code: 'INVALID_PAYLOAD', path: '', received: 'a value that threw while it was read' })
    expect(result._tag === 'Left' && result.left.payload).toBe(body)
  })

  it('accepts a class instance holding a valid payload (a framework DTO), and returns it as is', () => {
    class WebhookDto {
      constructor(fields: Record<string, unknown>) {
        Object.assign(this, fields)
      }
    }
    const body = new WebhookDto(paid())
    const result = expectOutcome(body, accepted)
    expect(result._tag === 'Right' && result.right).toBe(body)
  })

  it('accepts a null-prototype object holding a valid payload, and returns it as is', () => {
    const body = Object.assign(Object.create(null) as Record<string, unknown>, paid())
    const result = expectOutcome(body, accepted)
    expect(result._tag === 'Right' && result.right).toBe(body)
  })

  it.each([
    ['a Map of the payload', () => new Map(Object.entries(paid())), 'Map object'],
    ['a Date', () => new Date(0), 'Date object'],
    ['a Set', () => new Set([1]), 'Set object'],
    ['a function', () => () => paid(), 'function'],
    ['a symbol', () => Symbol('body'), 'symbol'],
    ['a bigint', () => BigInt(1), 'bigint'],
    ['a boxed string', () => new String(seedText), 'String object'],
  ])('gives NOT_AN_OBJECT for %s', (_, body, received) => {
    expectOutcome(body(), { code: 'NOT_AN_OBJECT', path: '', received })
  })

  it('accepts a transparent Proxy over a valid payload, and returns the Proxy', () => {
    const body = new Proxy(paid(), {})
    const result = expectOutcome(body, accepted)
    expect(result._tag === 'Right' && result.right).toBe(body)
  })

  it('gives INVALID_PAYLOAD, not an exception, for a Proxy whose get trap throws', () => {
    const body = new Proxy(paid(), {
      get() {
        throw new Error('trap')
      },
    })
    expectOutcome(body, { code: 'INVALID_PAYLOAD', path: '', received: 'a value that threw while it was read' })
  })

  it('accepts a Proxy whose has, ownKeys and getPrototypeOf traps throw: decoding reads fields and never enumerates, probes or asks for a prototype', () => {
    const fail = () => {
      throw new Error('trap')
    }
    expectOutcome(new Proxy(paid(), { has: fail, ownKeys: fail, getPrototypeOf: fail }), accepted)
  })

  it('gives INVALID_PAYLOAD, not an exception, for a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable(paid(), {})
    revoke()
    expectOutcome(proxy, { code: 'INVALID_PAYLOAD', path: '', received: 'a value that threw while it was read' })
  })
})

// Every regular expression literal in src/ and its folders, found by parsing the sources, so a new one is covered
// without a list.
const srcDir = join(__dirname, '..', 'src')

/** The `.ts` files below `dir`, walked folder by folder. */
const sourceFilesIn = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFilesIn(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  )

const scannedFiles = sourceFilesIn(srcDir)
const sourceRegexes = scannedFiles.flatMap((file) => {
  const name = relative(srcDir, file)
  const source = ts.createSourceFile(name, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true)
  const found: Array<[string, RegExp]> = []
  const visit = (node: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(node)) {
      const literal = node.text
      const end = literal.lastIndexOf('/')
      found.push([`${name}: ${literal}`, new RegExp(literal.slice(1, end), literal.slice(end + 1))])
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
      throw new Error(`${name} builds a RegExp at run time; lint cannot check it for backtracking`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
})

const ADVERSARIAL_LENGTH = 50_000
const repeatTo = (unit: string): string => unit.repeat(Math.ceil(ADVERSARIAL_LENGTH / unit.length))
/** Strings built to make a backtracking engine try every split: long runs of what the patterns match, then a miss. */
const adversarialStrings: Array<[string, string]> = [
  ...['0', '9', '-', ':', 'T', ' ', '.', '+', 'Z', 'a', '\n', '\uFEFF'].map((c): [string, string] => [`${JSON.stringify(c)} repeated`, c.repeat(ADVERSARIAL_LENGTH)]),
  ['a date-time with a 50,000-digit fraction, then a letter', `2022-09-27T07:03:35.${'1'.repeat(ADVERSARIAL_LENGTH)}x`],
  ['a date-time with a 50,000-digit fraction, then a bad offset', `2022-09-27T07:03:35.${'1'.repeat(ADVERSARIAL_LENGTH)}+99:9`],
  ['"2022-09-27 " repeated', repeatTo('2022-09-27 ')],
  ['"2022-09-27T07:03:35." repeated', repeatTo('2022-09-27T07:03:35.')],
  ['"1-" repeated', repeatTo('1-')],
  ['".ndjson" repeated, then a letter', `${repeatTo('.ndjson')}x`],
  ['"a." repeated', repeatTo('a.')],
]

/**
 * Runs every regular expression on every adversarial string in a worker thread, which is terminated when it has not
 * finished in `limitMs` (a backtracking regex would otherwise block the test run for hours). Resolves to the number
 * of executions that completed, or `undefined` on a timeout.
 */
const runInWorker = (regexes: ReadonlyArray<RegExp>, inputs: ReadonlyArray<string>, limitMs: number): Promise<number | undefined> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads')
       let completed = 0
       for (const { source, flags } of workerData.regexes)
         for (const input of workerData.inputs) { new RegExp(source, flags).exec(input); completed++ }
       parentPort.postMessage(completed)`,
      { eval: true, workerData: { regexes: regexes.map((r) => ({ source: r.source, flags: r.flags })), inputs } },
    )
    const timer = setTimeout(() => void worker.terminate().then(() => resolve(undefined)), limitMs)
    worker.once('message', (completed: number) => {
      clearTimeout(timer)
      void worker.terminate().then(() => resolve(completed))
    })
    worker.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })

describe('the regular expressions in src', () => {
  it('are looked for in every .ts file under src/, its folders included', () => {
    const everyTsFile = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'))
    expect(scannedFiles).toHaveLength(everyTsFile.length)
    expect(scannedFiles.some((file) => relative(srcDir, file).includes('signature'))).toBe(true)
  })

  it('each complete on every 50,000-character adversarial string within seconds', async () => {
    const inputs = adversarialStrings.map(([, input]) => input)
    const completed = await runInWorker(
      sourceRegexes.map(([, regex]) => regex),
      inputs,
      20_000,
    )
    expect(completed).toBe(sourceRegexes.length * inputs.length)
  }, 30_000)

  it.each(adversarialStrings)('isIsoDate, isIsoDateTime and the decoder reject %s', (_, input) => {
    expect(isIsoDate(input)).toBe(false)
    expect(isIsoDateTime(input)).toBe(false)
    expectOutcome(text(paid((p) => (p.data.installment.due_date = input))), { code: 'INVALID_PAYLOAD', path: 'data.installment.due_date' })
  })
})
