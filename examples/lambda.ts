// An AWS Lambda handler behind an API Gateway HTTP API or a Lambda function URL (payload format 2.0). API Gateway
// base64-encodes bodies it does not treat as text: decode them back to the exact bytes QI Tech sent.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { isInstallmentWebhookSignatureError, receiveInstallmentWebhook } from 'qitech-installment-webhooks/signature'

const json = (statusCode: number, body: object): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

export const createHandler =
  (publicKeys: string[]) =>
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : (event.body ?? '')
    const path = event.rawQueryString === '' ? event.rawPath : `${event.rawPath}?${event.rawQueryString}`
    const result = await receiveInstallmentWebhook(
      { headers: event.headers, body, method: event.requestContext.http.method, path },
      { publicKeys },
    )
    if (result._tag === 'Left') {
      const error = result.left
      if (!isInstallmentWebhookSignatureError(error)) return json(400, { error: error.code })
      const isOurBug = error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS'
      return json(isOurBug ? 500 : 401, { error: error.code })
    }
    // Store result.right.webhook idempotently here, then answer.
    return json(200, { status: result.right.webhook.data.status })
  }

export const handler = createHandler([process.env.QITECH_PUBLIC_KEY ?? ''])
