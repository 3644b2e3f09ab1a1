// An AWS Lambda handler behind an API Gateway HTTP API or a Lambda function URL (payload format 2.0). API Gateway
// base64-encodes bodies it does not treat as text: decode them back to the exact bytes QI Tech sent.
//
// Body size: a bank-slip update of 10,000 charges is about 5 MB. API Gateway takes bodies up to 10 MB, but a
// synchronous Lambda invocation carries at most 6 MB of event: that update is 5.5 MB as the event's text, and
// 6.9 MB base64-encoded, which Lambda refuses. Larger updates need a receiver that is not behind Lambda's limit.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { createInstallmentWebhookReceiver, isInstallmentWebhookSignatureError } from 'qitech-installment-webhooks/signature'
import { type DeliveryStore, memoryStore } from './store'

const json = (statusCode: number, body: object): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

/**
 * Checks the keys once, at the cold start: a bad one rejects here with a message naming the option, instead of
 * failing every delivery later.
 */
export const createHandler = async (publicKeys: string[], store: DeliveryStore) => {
  const receiver = await createInstallmentWebhookReceiver({ publicKeys })
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : (event.body ?? '')
    if (body.length === 0) return json(400, { error: 'NO_BODY' }) // no QI Tech delivery
    const path = event.rawQueryString === '' ? event.rawPath : `${event.rawPath}?${event.rawQueryString}`
    const result = await receiver.receive({ headers: event.headers, body, method: event.requestContext.http.method, path })
    if (result._tag === 'Left') {
      const error = result.left
      if (!isInstallmentWebhookSignatureError(error)) {
        // Authentic, but this version cannot type it: keep it and acknowledge it, or QI Tech retries and drops it.
        await store.deadLetter(body, error)
        return json(202, { stored: 'dead_letter', error: error.code })
      }
      const isOurBug = error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS'
      return json(isOurBug ? 500 : 401, { error: error.code })
    }
    // Stored once per delivery; a storage failure throws, the invocation fails and API Gateway answers 500.
    await store.save(result.right.webhook, body)
    return json(200, { status: result.right.webhook.data.status })
  }
}

// Pass your database's store instead of the in-memory one. The handler is built once, at the cold start. With a
// bad or missing key, every invocation fails with the error that names the option (in the function's log), and
// API Gateway answers 500, never 401, so QI Tech retries until it is fixed.
const ready = createHandler([process.env.QITECH_PUBLIC_KEY ?? ''], memoryStore().store)
ready.catch(() => {}) // reported by each invocation, not as an unhandled rejection at the cold start
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => (await ready)(event)
