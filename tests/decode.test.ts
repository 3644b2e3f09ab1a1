import { runInNewContext } from 'node:vm'
import { isLeft, isRight } from 'fp-ts/Either'
import {
  InstallmentWebhookError,
  type InstallmentWebhookErrorCode,
  decodeInstallmentWebhook,
  isInstallmentWebhookError,
  parseInstallmentWebhook,
} from '../src'
import { loadFixture, readFixture, validFixtureNames } from './fixtures'

const errorOf = (body: unknown): InstallmentWebhookError => {
  const result = decodeInstallmentWebhook(body)
  if (isRight(result)) throw new Error('expected a Left')
  return result.left
}

describe('decodeInstallmentWebhook on valid fixtures', () => {
  it.each(validFixtureNames)('decodes %s to a value deep-equal to the input', (name) => {
    const result = decodeInstallmentWebhook(readFixture(name))
    expect(result).toEqual({ _tag: 'Right', right: loadFixture(name) })
  })

  it.each(validFixtureNames)('returns the parsed object itself for %s (no copy)', (name) => {
    const parsed = loadFixture(name)
    const result = decodeInstallmentWebhook(parsed)
    expect(isRight(result) && result.right).toBe(parsed)
  })

  it('accepts the body as a Buffer, a Uint8Array, an ArrayBuffer and a string with a BOM', () => {
    const text = readFixture('seed-paid.json')
    const buffer = Buffer.from(text, 'utf8')
    const expected = { _tag: 'Right', right: JSON.parse(text) }
    expect(decodeInstallmentWebhook(buffer)).toEqual(expected)
    expect(decodeInstallmentWebhook(new Uint8Array(buffer))).toEqual(expected)
    expect(decodeInstallmentWebhook(new Uint8Array(buffer).buffer)).toEqual(expected)
    expect(decodeInstallmentWebhook(`\uFEFF${text}`)).toEqual(expected)
    expect(decodeInstallmentWebhook(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buffer]))).toEqual(expected)
  })

  it('accepts bytes from another realm, a SharedArrayBuffer and a DataView', () => {
    const bytes = Buffer.from(readFixture('seed-bank-slip-update.json'), 'utf8')
    const foreign = runInNewContext('new ArrayBuffer(length)', { length: bytes.length }) as ArrayBuffer
    new Uint8Array(foreign).set(bytes)
    const shared = new SharedArrayBuffer(bytes.length)
    new Uint8Array(shared).set(bytes)
    for (const body of [foreign, shared, new DataView(bytes.buffer, bytes.byteOffset, bytes.length)]) {
      expect(decodeInstallmentWebhook(body)._tag).toBe('Right')
    }
  })

  it('keeps unknown enumerator values as strings', () => {
    const result = decodeInstallmentWebhook(readFixture('unknown-enumerators.json'))
    if (isLeft(result) || result.right.data.status === 'update') throw new Error('expected a status change')
    expect(result.right.data.installment.installment_status?.enumerator).toBe('unmonitored')
    expect(result.right.data.installment.events?.[0].installment_event_type?.enumerator).toBe('due_date_change')
  })
})

type Mutation = (payload: Record<string, any>) => void

// Each case breaks exactly one field of a valid fixture and pins the code and the path.
const invalidCases: Array<[string, string, Mutation, InstallmentWebhookErrorCode, string]> = [
  ['an empty key', 'seed-paid.json', (p) => (p.key = ''), 'INVALID_PAYLOAD', 'key'],
  ['a missing key', 'seed-paid.json', (p) => delete p.key, 'INVALID_PAYLOAD', 'key'],
  ['a numeric key', 'seed-bank-slip-update.json', (p) => (p.key = 42), 'INVALID_PAYLOAD', 'key'],
  ['another webhook_type', 'seed-paid.json', (p) => (p.webhook_type = 'laas.credit_operation.installment.payment'), 'UNSUPPORTED_WEBHOOK_TYPE', 'webhook_type'],
  ['a missing webhook_type', 'seed-paid.json', (p) => delete p.webhook_type, 'INVALID_PAYLOAD', 'webhook_type'],
  ['a numeric webhook_type', 'seed-paid.json', (p) => (p.webhook_type = 1), 'INVALID_PAYLOAD', 'webhook_type'],
  ['a missing data', 'seed-paid.json', (p) => delete p.data, 'INVALID_PAYLOAD', 'data'],
  ['a data array', 'seed-paid.json', (p) => (p.data = []), 'INVALID_PAYLOAD', 'data'],
  ['an unknown data.status', 'seed-paid.json', (p) => (p.data.status = 'canceled'), 'UNKNOWN_STATUS', 'data.status'],
  ['data.status __proto__', 'seed-paid.json', (p) => (p.data.status = '__proto__'), 'UNKNOWN_STATUS', 'data.status'],
  ['a missing data.status', 'seed-paid.json', (p) => delete p.data.status, 'INVALID_PAYLOAD', 'data.status'],
  ['a numeric data.status', 'seed-paid.json', (p) => (p.data.status = 3), 'INVALID_PAYLOAD', 'data.status'],
  ['a status QI Tech added', 'status-paid.json', (p) => (p.data.status = 'unmonitored'), 'UNKNOWN_STATUS', 'data.status'],
  ['a business_due_date that is no real day', 'seed-bank-slip-update.json', (p) => (p.data.installments[0].business_due_date = '2024-02-30'), 'INVALID_PAYLOAD', 'data.installments[0].business_due_date'],
  ['a string is_finished', 'seed-paid.json', (p) => (p.data.is_finished = 'true'), 'INVALID_PAYLOAD', 'data.is_finished'],
  ['a missing is_finished', 'status-opened.json', (p) => delete p.data.is_finished, 'INVALID_PAYLOAD', 'data.is_finished'],
  ['a missing installment', 'seed-paid.json', (p) => delete p.data.installment, 'INVALID_PAYLOAD', 'data.installment'],
  ['a missing installment_key', 'seed-paid.json', (p) => delete p.data.installment.installment_key, 'INVALID_PAYLOAD', 'data.installment.installment_key'],
  ['an impossible due_date', 'seed-paid.json', (p) => (p.data.installment.due_date = '2023-02-30'), 'INVALID_PAYLOAD', 'data.installment.due_date'],
  ['a null due_date', 'seed-paid.json', (p) => (p.data.installment.due_date = null), 'INVALID_PAYLOAD', 'data.installment.due_date'],
  ['a month 13 paid_at', 'seed-paid.json', (p) => (p.data.installment.paid_at = '2022-13-27T07:03:34'), 'INVALID_PAYLOAD', 'data.installment.paid_at'],
  ['a 24:00:00 paid_at', 'seed-paid.json', (p) => (p.data.installment.paid_at = '2022-09-27T24:00:00'), 'INVALID_PAYLOAD', 'data.installment.paid_at'],
  ['a string event amount', 'seed-paid.json', (p) => (p.data.installment.events[0].amount = '1009.68'), 'INVALID_PAYLOAD', 'data.installment.events[0].amount'],
  ['an events object', 'seed-paid.json', (p) => (p.data.installment.events = {}), 'INVALID_PAYLOAD', 'data.installment.events'],
  ['a numeric enumerator', 'seed-paid.json', (p) => (p.data.installment.installment_status.enumerator = 7), 'INVALID_PAYLOAD', 'data.installment.installment_status.enumerator'],
  ['a string enumerator object', 'seed-paid.json', (p) => (p.data.installment.installment_status = 'paid'), 'INVALID_PAYLOAD', 'data.installment.installment_status'],
  ['a string paid_amount', 'seed-paid.json', (p) => (p.data.installment.installment_payment[0].paid_amount = '1009.68'), 'INVALID_PAYLOAD', 'data.installment.installment_payment[0].paid_amount'],
  ['a fractional workdays', 'status-paid.json', (p) => (p.data.installment.workdays = 1.5), 'INVALID_PAYLOAD', 'data.installment.workdays'],
  ['a missing installments', 'seed-bank-slip-update.json', (p) => delete p.data.installments, 'INVALID_PAYLOAD', 'data.installments'],
  ['an installments object', 'seed-bank-slip-update.json', (p) => (p.data.installments = {}), 'INVALID_PAYLOAD', 'data.installments'],
  ['a missing total_amount', 'bank-slip-update-several.json', (p) => delete p.data.installments[2].total_amount, 'INVALID_PAYLOAD', 'data.installments[2].total_amount'],
  ['a null total_amount', 'seed-bank-slip-update.json', (p) => (p.data.installments[0].total_amount = null), 'INVALID_PAYLOAD', 'data.installments[0].total_amount'],
  ['a numeric digitable_line', 'seed-bank-slip-update.json', (p) => (p.data.installments[0].digitable_line = 329), 'INVALID_PAYLOAD', 'data.installments[0].digitable_line'],
  ['a date-time due_date', 'seed-bank-slip-update.json', (p) => (p.data.installments[0].due_date = '2024-07-17T00:00:00'), 'INVALID_PAYLOAD', 'data.installments[0].due_date'],
]

describe('decodeInstallmentWebhook on broken payloads', () => {
  it.each(invalidCases)('rejects %s in %s', (_, fixture, mutate, code, path) => {
    const payload = loadFixture(fixture)
    mutate(payload)
    const error = errorOf(JSON.stringify(payload))
    expect(error.code).toBe(code)
    expect(error.issues.map((i) => i.path)).toEqual([path])
    expect(error.payload).toEqual(payload)
    expect(error.message.length).toBeLessThan(1000)
  })

  it('rejects the neighbouring laas installment payment webhook with UNSUPPORTED_WEBHOOK_TYPE', () => {
    expect(errorOf(readFixture('invalid/laas-installment-payment.json')).code).toBe('UNSUPPORTED_WEBHOOK_TYPE')
  })

  it('reports path, expected and a description of what was received, never the value', () => {
    const error = errorOf(readFixture('invalid/paid-amount-as-string.json'))
    expect(error.issues).toEqual([
      {
        path: 'data.installment.installment_payment[0].paid_amount',
        expected: 'Amount | null',
        received: 'string (7 chars)',
      },
    ])
    expect(error.message).toBe(
      'qitech-installment-webhooks: INVALID_PAYLOAD: the payload does not match the installment webhook; ' +
        'data.installment.installment_payment[0].paid_amount: expected Amount | null, received string (7 chars)',
    )
    expect(error.message).not.toContain('1009.68')
  })

  it('states the first three issues and counts the rest', () => {
    const payload = loadFixture('bank-slip-update-several.json')
    for (const item of payload.data.installments) item.total_amount = 'R$ 216,97'
    payload.key = ''
    const error = errorOf(payload)
    expect(error.issues).toHaveLength(4)
    expect(error.message).toMatch(/; and 1 more issue$/)
    expect(error.message).not.toContain('216')
  })

  it.each([
    ['not JSON', 'not json'],
    ['an empty body', ''],
    ['truncated JSON', '{"key":'],
    ['invalid UTF-8 bytes', Buffer.from([0x7b, 0xff, 0x7d])],
  ])('gives INVALID_JSON for %s and keeps the original input', (_, body) => {
    const error = errorOf(body)
    expect(error.code).toBe('INVALID_JSON')
    expect(error.issues).toEqual([{ path: '', expected: 'UTF-8 JSON text', received: expect.any(String) }])
    expect(error.payload).toBe(body)
  })

  it.each([['null', 'null'], ['an array', '[]'], ['a number', '42'], ['a string', '"paid"']])(
    'gives NOT_AN_OBJECT for %s',
    (_, body) => {
      expect(errorOf(body).code).toBe('NOT_AN_OBJECT')
    },
  )

  it('returns a Left, not an exception, for a getter that throws', () => {
    const hostile = Object.defineProperty({}, 'webhook_type', {
      enumerable: true,
      get() {
        throw new Error('boom')
      },
    })
    expect(errorOf(hostile).code).toBe('INVALID_PAYLOAD')
  })

  it('keeps the rejected payload off the enumerable properties, so loggers do not copy it', () => {
    const error = errorOf(readFixture('invalid/paid-amount-as-string.json'))
    expect(Object.keys(error)).not.toContain('payload')
    expect(JSON.stringify(error)).not.toContain('1009.68')
  })
})

describe('decodeInstallmentWebhook on bodies it cannot read', () => {
  it.each<[string, number[], string]>([
    ['a UTF-16 little-endian byte order mark', [0xff, 0xfe], 'UTF-16 text (2 bytes)'],
    ['a UTF-16 big-endian byte order mark, then text', [0xfe, 0xff, 0x00, 0x7b], 'UTF-16 text (4 bytes)'],
    ['0xff twice', [0xff, 0xff], 'bytes that are not UTF-8 (2 bytes)'],
    ['0xfe twice', [0xfe, 0xfe], 'bytes that are not UTF-8 (2 bytes)'],
    ['a nul, then 0xfe', [0x00, 0xfe], 'bytes that are not UTF-8 (2 bytes)'],
    ['a nul, then 0xff', [0x00, 0xff], 'bytes that are not UTF-8 (2 bytes)'],
    ['0xff alone', [0xff], 'bytes that are not UTF-8 (1 bytes)'],
  ])('tells UTF-16 from other bytes that are not UTF-8: %s', (_, bytes, received) => {
    const error = errorOf(Uint8Array.from(bytes))
    expect(error.code).toBe('INVALID_JSON')
    expect(error.issues).toEqual([{ path: '', expected: 'UTF-8 JSON text', received }])
  })

  it.each([
    ['5', 'NOT_AN_OBJECT', 'the body is not a JSON object'],
    ['{"webhook_type":"other"}', 'UNSUPPORTED_WEBHOOK_TYPE', 'webhook_type is not installment.status_change'],
    ['{"webhook_type":"installment.status_change","data":{"status":"canceled"}}', 'UNKNOWN_STATUS', 'data.status is neither an installment status nor "update"'],
  ])('says in its message what %s is not', (body, code, headline) => {
    const error = errorOf(body)
    expect(error.code).toBe(code)
    expect(error.message).toContain(`${code}: ${headline}`)
  })

  it('says a required field that is missing is missing', () => {
    const payload = loadFixture('seed-paid.json')
    delete payload.data.installment.installment_key
    expect(errorOf(payload).issues).toEqual([
      { path: 'data.installment.installment_key', expected: 'NonEmptyString', received: 'nothing (the field is missing)' },
    ])
  })

  it('files a rejected body by the envelope fields that are strings, and by no other', () => {
    expect(errorOf({ key: 1, webhook_type: 2, data: { status: 3 } }).envelope).toEqual({})
    expect(errorOf({ key: 'k', webhook_type: 2, data: { status: 'paid' } }).envelope).toEqual({ key: 'k', status: 'paid' })
  })

  it('reports a value that throws while it is read as what was expected and what was there', () => {
    const body = {
      get key(): string {
        throw new Error('a getter that throws')
      },
    }
    expect(errorOf(body).issues).toEqual([{ path: '', expected: 'plain JSON data', received: 'a value that threw while it was read' }])
  })
})

describe('parseInstallmentWebhook', () => {
  it('returns the webhook for a valid body', () => {
    expect(parseInstallmentWebhook(readFixture('seed-bank-slip-update.json')).data.status).toBe('update')
  })

  it('throws the error with the stack of its caller, while the decoder returns it without stack frames', () => {
    const framesOf = (error: unknown): string[] =>
      String((error as Error).stack)
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.startsWith('at '))
    const limit = Error.stackTraceLimit
    expect(framesOf(errorOf('{'))).toEqual([])
    expect(Error.stackTraceLimit).toBe(limit)
    const throwingCaller = (): never => {
      parseInstallmentWebhook('{')
      throw new Error('expected a throw')
    }
    let thrown: unknown
    try {
      throwingCaller()
    } catch (error) {
      thrown = error
    }
    expect(isInstallmentWebhookError(thrown)).toBe(true)
    expect((thrown as Error).stack).toMatch(/^InstallmentWebhookError: qitech-installment-webhooks: INVALID_JSON/)
    expect(framesOf(thrown)[0]).toMatch(/^at throwingCaller /)
    expect(framesOf(thrown).length).toBeGreaterThan(1)
    expect(Error.stackTraceLimit).toBe(limit)
  })

  it('throws the InstallmentWebhookError for a bad body', () => {
    expect(() => parseInstallmentWebhook('{')).toThrow(InstallmentWebhookError)
    try {
      parseInstallmentWebhook('{')
    } catch (error) {
      expect(isInstallmentWebhookError(error)).toBe(true)
    }
  })
})

describe('decodeInstallmentWebhook on deliveries this version does not know', () => {
  it.each([
    ['another webhook_type', readFixture('invalid/laas-installment-payment.json'), 'UNSUPPORTED_WEBHOOK_TYPE'],
    ['a status QI Tech added', JSON.stringify({ ...loadFixture('status-paid.json'), data: { ...loadFixture('status-paid.json').data, status: 'unmonitored' } }), 'UNKNOWN_STATUS'],
  ])('marks %s as unsupported, not broken, and keeps its envelope', (_, body, code) => {
    const error = errorOf(body)
    expect(error.code).toBe(code)
    expect(error.unsupported).toBe(true)
    const parsed = JSON.parse(body) as Record<string, any>
    expect(error.envelope).toEqual({ key: parsed.key, webhook_type: parsed.webhook_type, status: parsed.data?.status })
    expect(error.payload).toEqual(parsed)
  })

  it('marks a broken body as not unsupported, and gives the envelope fields it has as strings', () => {
    const payload = loadFixture('seed-paid.json')
    payload.data.installment.due_date = '2023-02-30'
    payload.key = 7
    const error = errorOf(payload)
    expect(error.code).toBe('INVALID_PAYLOAD')
    expect(error.unsupported).toBe(false)
    expect(error.envelope).toEqual({ webhook_type: 'installment.status_change', status: 'paid' })
    expect(errorOf('[]').envelope).toEqual({})
    expect(errorOf('not json').envelope).toEqual({})
  })

  it('gives ENCODED_BODY for a legacy signed envelope and names the function that verifies it, never unwrapping it', () => {
    const token = 'eyJhbGciOiJFUzUxMiJ9.eyJrZXkiOiJrIn0.c2ln'
    const error = errorOf(JSON.stringify({ encoded_body: token }))
    expect(error.code).toBe('ENCODED_BODY')
    expect(error.unsupported).toBe(false)
    expect(error.message).toContain('legacy (v1) signed envelope')
    expect(error.message).toContain('receiveInstallmentWebhook')
    expect(error.message).toContain('legacy: true')
    expect(error.message).not.toContain(token)
    expect(error.issues).toEqual([
      {
        path: 'encoded_body',
        expected: 'nothing: a legacy signed envelope is verified and unwrapped by receiveInstallmentWebhook',
        received: `string (${token.length} chars)`,
      },
    ])
    expect(error.payload).toEqual({ encoded_body: token })
  })
})
