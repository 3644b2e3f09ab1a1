// An AWS Lambda handler behind an API Gateway HTTP API or a Lambda function URL (payload format 2.0). API Gateway
// base64-encodes bodies it does not treat as text: decode them back to the exact bytes QI Tech sent.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { isInstallmentWebhookSignatureError, receiveInstallmentWebhook } from 'qitech-installment-webhooks/signature'
import { type DeliveryStore, memoryStore } from './store'

const json = (statusCode: number, body: object): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

export const createHandler =
  (publicKeys: string[], store: DeliveryStore) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : (event.body ?? '')
    const path = event.rawQueryString === '' ? event.rawPath : `${event.rawPath}?${event.rawQueryString}`
    const result = await receiveInstallmentWebhook(
      { headers: event.headers, body, method: event.requestContext.http.method, path },
      { publicKeys },
    )
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

// Pass your database's store instead of the in-memory one.
export const handler = createHandler([process.env.QITECH_PUBLIC_KEY ?? ''], memoryStore().store)
