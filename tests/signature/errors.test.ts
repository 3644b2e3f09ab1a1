import { InstallmentWebhookSignatureError, isInstallmentWebhookSignatureError } from '../../src/signature'
import { fail, ok, toEither } from '../../src/signature/errors'

describe('isInstallmentWebhookSignatureError', () => {
  it('recognises the error class and rejects look-alikes', () => {
    expect(isInstallmentWebhookSignatureError(new InstallmentWebhookSignatureError('BAD_SIGNATURE', 'x'))).toBe(true)
    expect(isInstallmentWebhookSignatureError({ code: 'BAD_SIGNATURE' })).toBe(false)
    expect(isInstallmentWebhookSignatureError(new Error('x'))).toBe(false)
    expect(isInstallmentWebhookSignatureError(undefined)).toBe(false)
  })

  it('recognises an error made by another copy of the package by its registered brand, and not the decoder’s', () => {
    const brand = (name: string) => Object.assign(new Error('x'), { [Symbol.for(`qitech-installment-webhooks.${name}`)]: true })
    expect(isInstallmentWebhookSignatureError(brand('InstallmentWebhookSignatureError'))).toBe(true)
    expect(isInstallmentWebhookSignatureError(brand('InstallmentWebhookError'))).toBe(false)
  })

  it('returns false instead of throwing for a revoked Proxy or one whose trap throws', () => {
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    const trapping = new Proxy(
      {},
      {
        get() {
          throw new Error('trap')
        },
      },
    )
    expect(isInstallmentWebhookSignatureError(proxy)).toBe(false)
    expect(isInstallmentWebhookSignatureError(trapping)).toBe(false)
  })

  it('keeps messages prefixed with the package name and under 1,000 characters', () => {
    const error = new InstallmentWebhookSignatureError('MALFORMED_SIGNATURE', 'x'.repeat(5000))
    expect(error.message.startsWith('qitech-installment-webhooks: MALFORMED_SIGNATURE: ')).toBe(true)
    expect(error.message.length).toBeLessThan(1000)
  })
})

describe('toEither', () => {
  it('turns a success into a Right holding the value itself', () => {
    const value = { a: 1 }
    const result = toEither(ok(value))
    expect(result).toEqual({ _tag: 'Right', right: value })
    expect(result._tag === 'Right' && result.right).toBe(value)
  })

  it('turns a failure into a Left holding the error with its code and detail', () => {
    const result = toEither(fail('PATH_MISMATCH', 'the paths differ'))
    if (result._tag === 'Right') throw new Error('expected a Left')
    expect(result.left).toBeInstanceOf(InstallmentWebhookSignatureError)
    expect(result.left.code).toBe('PATH_MISMATCH')
    expect(result.left.name).toBe('InstallmentWebhookSignatureError')
    expect(result.left.message).toBe('qitech-installment-webhooks: PATH_MISMATCH: the paths differ')
  })
})
