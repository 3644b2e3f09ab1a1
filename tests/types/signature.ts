// Compiled by `npm run test:types` (tsc --noEmit), never run: each `@ts-expect-error` says what must not compile.
import type { IncomingHttpHeaders } from 'node:http'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import type { InstallmentWebhook, InstallmentWebhookErrorCode } from 'qitech-installment-webhooks'
import {
  type InstallmentWebhookSignatureErrorCode,
  type InstallmentWebhookVerification,
  type VerifyInstallmentWebhookSignatureOptions,
  isInstallmentWebhookSignatureError,
  receiveInstallmentWebhook,
  verifyInstallmentWebhookSignature,
} from 'qitech-installment-webhooks/signature'
import {
  buildBankSlipUpdateWebhook,
  buildStatusChangeWebhook,
  generateTestKeyPair,
  signTestWebhook,
} from 'qitech-installment-webhooks/testing'

type InstallmentWebhookSignatureClaims = Extract<InstallmentWebhookVerification, { scheme: 'v2' }>['claims']
type TestWebhookHeaders = Awaited<ReturnType<typeof signTestWebhook>>

declare const nodeHeaders: IncomingHttpHeaders
declare const webHeaders: Headers
declare const lambdaEvent: APIGatewayProxyEventV2
declare const testHeaders: TestWebhookHeaders
declare const rawBody: Buffer
declare const testKeys: Awaited<ReturnType<typeof generateTestKeyPair>>
const options: VerifyInstallmentWebhookSignatureOptions = { publicKeys: [testKeys.publicKey, testKeys.publicCryptoKey] }

// Every framework's header object is accepted as is.
export const headerShapes = async (): Promise<void> => {
  await verifyInstallmentWebhookSignature({ headers: nodeHeaders, body: rawBody, method: 'POST', path: '/q' }, options)
  await verifyInstallmentWebhookSignature({ headers: webHeaders, body: new Uint8Array(), method: 'POST', path: '/q' }, options)
  await verifyInstallmentWebhookSignature({ headers: lambdaEvent.headers, body: lambdaEvent.body ?? '', method: 'POST', path: '/q' }, options)
  await verifyInstallmentWebhookSignature({ headers: testHeaders, body: new ArrayBuffer(0), method: 'POST', path: '/q' }, options)
}

// The verified claims are typed; receive narrows to a webhook, and one switch covers both error kinds.
export const results = async (): Promise<void> => {
  const verified = await verifyInstallmentWebhookSignature({ headers: nodeHeaders, body: rawBody, method: 'POST', path: '/q' }, options)
  if (verified._tag === 'Right') {
    // @ts-expect-error a legacy (v1) verification has other claims: narrow on scheme first
    const unnarrowed: InstallmentWebhookSignatureClaims = verified.right.claims
    void unnarrowed
    if (verified.right.scheme === 'v2') {
      const claims: InstallmentWebhookSignatureClaims = verified.right.claims
      const uri: string = claims.uri
      void uri
    } else {
      const sub: string = verified.right.claims.sub
      const date: string = verified.right.signedRequest.date
      const payload: Readonly<Record<string, unknown>> = verified.right.payload
      void [sub, date, payload]
    }
  }
  const received = await receiveInstallmentWebhook({ headers: nodeHeaders, body: rawBody, method: 'POST', path: '/q' }, options)
  if (received._tag === 'Right') {
    const webhook: InstallmentWebhook = received.right.webhook
    const apiClientKey: string | undefined = received.right.apiClientKey
    void webhook
    void apiClientKey
    // @ts-expect-error the result holds the webhook under `webhook`, beside what was verified
    void received.right.data
    return
  }
  const code: InstallmentWebhookSignatureErrorCode | InstallmentWebhookErrorCode = received.left.code
  if (isInstallmentWebhookSignatureError(received.left)) {
    const signatureCode: InstallmentWebhookSignatureErrorCode = received.left.code
    void signatureCode
  } else {
    // @ts-expect-error outside the guard the error may be a decoder error, whose code is not a signature code
    const signatureCode: InstallmentWebhookSignatureErrorCode = received.left.code
    void signatureCode
  }
  void code
}

export const misuse = async (): Promise<void> => {
  // @ts-expect-error a parsed object is not a raw body
  await verifyInstallmentWebhookSignature({ headers: nodeHeaders, body: { key: 'k' }, method: 'POST', path: '/q' }, options)
  // @ts-expect-error the path is required: it is compared with the signed uri
  await verifyInstallmentWebhookSignature({ headers: nodeHeaders, body: rawBody, method: 'POST' }, options)
  // @ts-expect-error a key is a PEM string, a KeyObject or a CryptoKey, not a Buffer
  await verifyInstallmentWebhookSignature({ headers: nodeHeaders, body: rawBody, method: 'POST', path: '/q' }, { publicKeys: [rawBody] })
  // @ts-expect-error the tolerance is a number of seconds
  await verifyInstallmentWebhookSignature({ headers: nodeHeaders, body: rawBody, method: 'POST', path: '/q' }, { publicKeys: [], toleranceSeconds: '300' })
}

// Builder overrides take plain strings for branded fields but keep closed enums closed.
export const builders = (): void => {
  const overdue = buildStatusChangeWebhook('overdue', { data: { installment: { due_date: '2024-01-31', paid_at: null } } })
  const status: 'opened' | 'paid' | 'waiting_payment' | 'paid_early' | 'paid_partial' | 'overdue' | 'paid_partial_overdue' | 'paid_overdue' = overdue.data.status
  void status
  buildBankSlipUpdateWebhook({ data: { installments: [{ total_amount: 10 }] } })
  // @ts-expect-error `canceled` is not an installment status
  buildStatusChangeWebhook('canceled')
  // @ts-expect-error a closed enum stays closed in overrides
  buildStatusChangeWebhook('paid', { data: { status: 'canceled' } })
  // @ts-expect-error amounts are numbers, as on the wire
  buildBankSlipUpdateWebhook({ data: { installments: [{ total_amount: '10.00' }] } })
}
