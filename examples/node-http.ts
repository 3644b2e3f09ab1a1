// A plain node:http server that receives QI Tech installment webhooks: it collects the body bytes itself.
import { type IncomingMessage, type Server, createServer } from 'node:http'
import { isInstallmentWebhookSignatureError, receiveInstallmentWebhook } from 'qitech-installment-webhooks/signature'

const MAX_BODY_BYTES = 1024 * 1024

const readBody = async (request: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

export const createWebhookServer = (publicKeys: string[]): Server =>
  createServer(async (request, response) => {
    const send = (status: number, body: object): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }
    const path = request.url ?? ''
    if (request.method !== 'POST' || !path.startsWith('/webhooks/qitech')) return send(404, { error: 'NOT_FOUND' })
    const body = await readBody(request)
    if (body === undefined) return send(413, { error: 'BODY_TOO_LARGE' })

    const result = await receiveInstallmentWebhook(
      { headers: request.headers, body, method: request.method, path },
      { publicKeys },
    )
    if (result._tag === 'Left') {
      const error = result.left
      if (!isInstallmentWebhookSignatureError(error)) return send(400, { error: error.code })
      const isOurBug = error.code === 'RAW_BODY_REQUIRED' || error.code === 'INVALID_OPTIONS'
      return send(isOurBug ? 500 : 401, { error: error.code })
    }
    // Store result.right.webhook idempotently here, then answer.
    send(200, { status: result.right.webhook.data.status })
  })

// Start it with QI Tech's public key, e.g.:
//   createWebhookServer([process.env.QITECH_PUBLIC_KEY ?? '']).listen(3000)
