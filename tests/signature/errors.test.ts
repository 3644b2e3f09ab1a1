import { InstallmentWebhookSignatureError, isInstallmentWebhookSignatureError } from '../../src/signature'

describe('isInstallmentWebhookSignatureError', () => {
  it('recognises the error class and rejects look-alikes', () => {
    expect(isInstallmentWebhookSignatureError(new InstallmentWebhookSignatureError('BAD_SIGNATURE', 'x'))).toBe(true)
    expect(isInstallmentWebhookSignatureError({ code: 'BAD_SIGNATURE' })).toBe(false)
    expect(isInstallmentWebhookSignatureError(new Error('x'))).toBe(false)
    expect(isInstallmentWebhookSignatureError(undefined)).toBe(false)
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
