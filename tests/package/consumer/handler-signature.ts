// A webhook handler that checks QI Tech's signature before it decodes, and the test that signs a delivery for it,
// as a Node app writes them. The packaging test compiles it with `tsc --noEmit`, strict, with @types/node, under each
// module resolution (as .cts and .mts for node16): it must compile with no error.
import type { IncomingHttpHeaders } from 'node:http'
import type { InstallmentWebhookError, InstallmentWebhookErrorCode } from 'qitech-installment-webhooks'
import {
  type InstallmentWebhookSignatureError,
  type InstallmentWebhookSignatureErrorCode,
  isInstallmentWebhookSignatureError,
  receiveInstallmentWebhook,
} from 'qitech-installment-webhooks/signature'
import { buildStatusChangeWebhook, generateTestKeyPair, signTestWebhook } from 'qitech-installment-webhooks/testing'

const assertNever = (value: never): never => {
  throw new Error(`unhandled code ${String(value)}`)
}

// One switch on `code` covers both error families: each case narrows the error to the class that has that code.
export const answerFor = (error: InstallmentWebhookSignatureError | InstallmentWebhookError): { status: number; body: string } => {
  switch (error.code) {
    case 'RAW_BODY_REQUIRED':
    case 'INVALID_OPTIONS':
      return { status: 500, body: error.message }
    case 'MISSING_SIGNATURE':
    case 'MALFORMED_SIGNATURE':
    case 'ALGORITHM_NOT_ALLOWED':
    case 'BAD_SIGNATURE':
    case 'BODY_HASH_MISMATCH':
    case 'METHOD_MISMATCH':
    case 'PATH_MISMATCH':
    case 'INVALID_TIMESTAMP':
    case 'STALE_TIMESTAMP':
    case 'FUTURE_TIMESTAMP':
    case 'MISSING_API_CLIENT_KEY':
    case 'API_CLIENT_KEY_MISMATCH':
    case 'ENCODED_BODY_INVALID':
    case 'UNSIGNED_BODY_CONTENT':
    case 'LEGACY_NOT_ENABLED': {
      const code: InstallmentWebhookSignatureErrorCode = error.code
      return { status: 401, body: code }
    }
    case 'INVALID_JSON':
    case 'NOT_AN_OBJECT':
    case 'ENCODED_BODY':
    case 'UNSUPPORTED_WEBHOOK_TYPE':
    case 'UNKNOWN_STATUS':
    case 'INVALID_PAYLOAD': {
      // Authentic, but not typed by this version: kept as a dead letter and acknowledged.
      const code: InstallmentWebhookErrorCode = error.code
      return { status: 202, body: `${code} ${error.unsupported} ${error.issues.map((issue) => issue.path).join(',')}` }
    }
    default:
      return assertNever(error)
  }
}

// The type guard splits the union the other way: what is not a signature error is a payload error, with issues.
export const logLine = (error: InstallmentWebhookSignatureError | InstallmentWebhookError): string =>
  isInstallmentWebhookSignatureError(error) ? `signature ${error.code}` : `payload ${error.code} ${error.issues.length}`

// An Express route with `express.raw({ type: 'application/json' })`: Node's headers, the body as a Buffer.
export const receive = async (
  req: { headers: IncomingHttpHeaders; body: Buffer; method: string; originalUrl: string },
  publicKey: string,
): Promise<{ status: number; body: string }> => {
  const result = await receiveInstallmentWebhook(
    { headers: req.headers, body: req.body, method: req.method, path: req.originalUrl },
    { publicKeys: [publicKey], toleranceSeconds: 60 },
  )
  if (result._tag === 'Left') return answerFor(result.left)
  const { webhook } = result.right
  if (webhook.data.status === 'update') return { status: 200, body: `${webhook.data.installments.length} charges` }
  return { status: 200, body: webhook.data.installment.installment_key }
}

// The app's end-to-end test: a delivery signed the way QI Tech signs it, with a generated key.
export const deliverSignedPaid = async (): Promise<{ status: number; body: string }> => {
  const keys = await generateTestKeyPair()
  const webhook = buildStatusChangeWebhook('paid', { data: { installment: { due_date: '2024-01-31' } } })
  const body = Buffer.from(JSON.stringify(webhook))
  const headers = await signTestWebhook({ body, privateKey: keys.privateCryptoKey, path: '/webhooks/qitech' })
  return receive({ headers: { ...headers }, body, method: 'POST', originalUrl: '/webhooks/qitech' }, keys.publicKey)
}
