import {
  InstallmentWebhookError,
  type InstallmentWebhookErrorCode,
  type InstallmentWebhookIssue,
  isInstallmentWebhookError,
} from '../src'
import { createInstallmentWebhookError, errorMessage } from '../src/errors'

const issue = (path: string): InstallmentWebhookIssue => ({ path, expected: 'Amount', received: 'string (7 chars)' })

const codes: InstallmentWebhookErrorCode[] = ['INVALID_JSON', 'NOT_AN_OBJECT', 'ENCODED_BODY', 'UNSUPPORTED_WEBHOOK_TYPE', 'UNKNOWN_STATUS', 'INVALID_PAYLOAD']

describe('InstallmentWebhookError', () => {
  it.each(codes)('is unsupported for %s exactly when it means a kind of delivery this version does not know', (code) => {
    const error = new InstallmentWebhookError(code, [issue('')], {})
    expect(error.unsupported).toBe(code === 'UNSUPPORTED_WEBHOOK_TYPE' || code === 'UNKNOWN_STATUS')
    expect(error.message.startsWith(`qitech-installment-webhooks: ${code}: `)).toBe(true)
  })

  it('prints the body itself as (body), states three issues and counts the rest', () => {
    const error = new InstallmentWebhookError('INVALID_PAYLOAD', ['', 'a', 'b', 'c', 'd'].map(issue), {})
    expect(error.message).toBe(
      'qitech-installment-webhooks: INVALID_PAYLOAD: the payload does not match the installment webhook; ' +
        '(body): expected Amount, received string (7 chars); a: expected Amount, received string (7 chars); ' +
        'b: expected Amount, received string (7 chars); and 2 more issues',
    )
    expect(new InstallmentWebhookError('INVALID_PAYLOAD', ['a', 'b', 'c', 'd'].map(issue), {}).message).toMatch(/; and 1 more issue$/)
    expect(new InstallmentWebhookError('INVALID_PAYLOAD', ['a', 'b'].map(issue), {}, {}, 5).message).toMatch(/; and 5 more issues$/)
    expect(new InstallmentWebhookError('INVALID_JSON', [], 'x').message).toBe(
      'qitech-installment-webhooks: INVALID_JSON: the body is not valid UTF-8 JSON',
    )
  })

  it('stays under 1,000 characters however long the paths are', () => {
    const error = new InstallmentWebhookError('INVALID_PAYLOAD', [issue('x'.repeat(5_000))], {})
    expect(error.message.length).toBeLessThan(1000)
    expect(error.message.endsWith('…')).toBe(true)
  })

  it('keeps payload and envelope reachable but out of its own enumerable properties and of JSON', () => {
    const payload = { key: 'secret-debt-key', amount: 1009.68 }
    const envelope = { key: 'secret-debt-key', webhook_type: 'x', status: 'paid' }
    const error = new InstallmentWebhookError('UNSUPPORTED_WEBHOOK_TYPE', [issue('webhook_type')], payload, envelope)
    expect(error.payload).toBe(payload)
    expect(error.envelope).toBe(envelope)
    expect(Object.keys(error).sort()).toEqual(['code', 'issues', 'name', 'omittedIssues', 'unsupported'])
    expect(JSON.stringify(error)).not.toContain('secret-debt-key')
    expect(new InstallmentWebhookError('INVALID_JSON', [], 'x').envelope).toEqual({})
  })

  it('is an Error named InstallmentWebhookError', () => {
    const error = new InstallmentWebhookError('INVALID_JSON', [], 'x')
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('InstallmentWebhookError')
  })
})

describe('createInstallmentWebhookError', () => {
  it('makes the same error without stack frames, and restores Error.stackTraceLimit', () => {
    const limit = Error.stackTraceLimit
    const error = createInstallmentWebhookError('NOT_AN_OBJECT', [issue('')], 5, { status: 'paid' })
    expect(error.stack?.split('\n').filter((line) => line.trim().startsWith('at '))).toEqual([])
    expect(Error.stackTraceLimit).toBe(limit)
    expect(error.code).toBe('NOT_AN_OBJECT')
    expect(error.payload).toBe(5)
    expect(error.envelope).toEqual({ status: 'paid' })
  })

  it('still makes the error, with its stack, when Error.stackTraceLimit cannot be set', () => {
    const original = Object.getOwnPropertyDescriptor(Error, 'stackTraceLimit')
    Object.defineProperty(Error, 'stackTraceLimit', { value: 5, writable: false, configurable: true })
    try {
      const error = createInstallmentWebhookError('INVALID_JSON', [], 'x')
      expect(isInstallmentWebhookError(error)).toBe(true)
      expect(Error.stackTraceLimit).toBe(5)
    } finally {
      if (original !== undefined) Object.defineProperty(Error, 'stackTraceLimit', original)
    }
  })
})

describe('isInstallmentWebhookError', () => {
  it('rejects look-alikes that are not errors of this package', () => {
    expect(isInstallmentWebhookError(new Error('x'))).toBe(false)
    expect(isInstallmentWebhookError({ code: 'INVALID_JSON', issues: [] })).toBe(false)
    expect(isInstallmentWebhookError(null)).toBe(false)
  })

  it('returns false, not an exception, for a revoked Proxy and an object whose getters throw', () => {
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    expect(isInstallmentWebhookError(proxy)).toBe(false)
    const fail = () => {
      throw new Error('trap')
    }
    expect(isInstallmentWebhookError(new Proxy({}, { get: fail }))).toBe(false)
  })
})

describe('errorMessage', () => {
  it('keeps a message of 999 characters whole and cuts a longer one to 999, ending with an ellipsis', () => {
    const prefix = 'qitech-installment-webhooks: X: '
    expect(errorMessage('X', 'y'.repeat(999 - prefix.length))).toBe(`${prefix}${'y'.repeat(999 - prefix.length)}`)
    const cut = errorMessage('X', 'y'.repeat(2_000))
    expect(cut).toHaveLength(999)
    expect(cut.endsWith('y…')).toBe(true)
  })
})

describe('the error brand', () => {
  it('is a registered symbol named after the package and the class, so another copy of the package finds it', () => {
    const error = new InstallmentWebhookError('INVALID_JSON', [], 'x')
    const brand = Symbol.for('qitech-installment-webhooks.InstallmentWebhookError')
    expect((error as unknown as Record<symbol, unknown>)[brand]).toBe(true)
    expect(Object.prototype.propertyIsEnumerable.call(error, brand)).toBe(false)
    expect(isInstallmentWebhookError({ [brand]: true })).toBe(true)
  })
})
