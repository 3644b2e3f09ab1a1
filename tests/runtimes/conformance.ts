// What every runtime of the runtime suite runs, with Web APIs only (Request, Headers, URL, TextEncoder, atob): the
// vector table through the installed package's receiver, each delivery as a real Request, and the recipe requests
// through a recipe's own handler. tests/package/runtimes.test.ts compares the outcomes across runtimes.
import { isInstallmentStatusChange } from 'qitech-installment-webhooks'
import { installmentDeliveryKey } from 'qitech-installment-webhooks/delivery'
import {
  type InstallmentWebhookReceiver,
  type VerifyInstallmentWebhookSignatureOptions,
  createInstallmentWebhookReceiver,
  isInstallmentWebhookSignatureError,
} from 'qitech-installment-webhooks/signature'

/** A request as JSON carries it: header pairs in order (a name may repeat), the body as base64. */
export interface WireRequest {
  readonly method: string
  /** The path and query, as QI Tech called them. */
  readonly path: string
  readonly headers: ReadonlyArray<readonly [string, string]>
  /** The raw body as base64; `null` sends no body. */
  readonly body: string | null
  /** Hand the receiver `JSON.parse` of the body instead of its bytes, as a misconfigured framework does. */
  readonly parsed?: boolean
}

/** One vector: a delivery and the options of the receiver that gets it (the clock fixed at `now`). */
export interface Vector {
  readonly name: string
  readonly request: WireRequest
  readonly options: Omit<VerifyInstallmentWebhookSignatureOptions, 'now'> & { readonly now: number }
}

/** What a runtime made of a vector: `VALID`, or the code of the error, of `receive` and of `verify`. */
export interface Outcome {
  readonly name: string
  readonly receive: string
  readonly verify: string
  readonly signatureError?: boolean
  /** The error's message, which must not differ between runtimes either. */
  readonly message?: string
  readonly scheme?: string
  readonly status?: string
  readonly installmentKey?: string
  readonly deliveryKey?: string
}

/** A recipe's answer to a request. */
export interface Answer {
  readonly name: string
  readonly status: number
  readonly body: unknown
}

/** What each runtime writes: the vector outcomes, the recipe answers (when a recipe ran) and the runtime's version. */
export interface RuntimeReport {
  readonly runtime: string
  readonly outcomes: ReadonlyArray<Outcome>
  readonly answers: ReadonlyArray<Answer>
  /** The answers of examples/hono.ts, where the runtime has a recipe of its own too. */
  readonly honoAnswers?: ReadonlyArray<Answer>
  /** workerd only: the recipe Worker's answer to a signed delivery when its key binding is not a PEM. */
  readonly misconfigured?: Omit<Answer, 'name'>
}

export const ORIGIN = 'https://receiver.example'

const bytesOf = (base64: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))

/** A real Web Request for `wire`. */
export const toRequest = (wire: WireRequest, origin = ORIGIN): Request => {
  const headers = new Headers()
  for (const [name, value] of wire.headers) headers.append(name, value)
  return new Request(`${origin}${wire.path}`, { method: wire.method, headers, body: wire.body === null ? null : bytesOf(wire.body) })
}

const codeOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : `THREW ${String(error)}`

/** Runs every vector through a receiver made once per distinct options, as a server makes it at start-up. */
export const runVectors = async (vectors: ReadonlyArray<Vector>): Promise<Outcome[]> => {
  const receivers = new Map<string, Promise<InstallmentWebhookReceiver>>()
  const outcomes: Outcome[] = []
  for (const vector of vectors) {
    const key = JSON.stringify(vector.options)
    let receiving = receivers.get(key)
    if (receiving === undefined) {
      const now = vector.options.now
      receiving = createInstallmentWebhookReceiver({ ...vector.options, now: () => now })
      receivers.set(key, receiving)
    }
    let receiver: InstallmentWebhookReceiver
    try {
      receiver = await receiving
    } catch (error) {
      const message = error instanceof Error ? error.message : undefined
      outcomes.push({ name: vector.name, receive: codeOf(error), verify: codeOf(error), signatureError: isInstallmentWebhookSignatureError(error), message })
      continue
    }
    const request = toRequest(vector.request)
    const url = new URL(request.url)
    const bytes = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer())
    const body = vector.request.parsed === true && bytes !== undefined ? JSON.parse(new TextDecoder().decode(bytes)) : bytes
    const delivery = { headers: request.headers, body, method: request.method, path: url.pathname + url.search }
    const [received, verified] = [await receiver.receive(delivery), await receiver.verify(delivery)]
    const verify = verified._tag === 'Right' ? 'VALID' : verified.left.code
    if (received._tag === 'Left') {
      const error = received.left
      outcomes.push({ name: vector.name, receive: error.code, verify, signatureError: isInstallmentWebhookSignatureError(error), message: error.message })
      continue
    }
    const { webhook, scheme } = received.right
    outcomes.push({
      name: vector.name,
      receive: 'VALID',
      verify,
      scheme,
      status: webhook.data.status,
      // Typed: a status change narrows to its installment, a bank-slip update to its list of charges.
      installmentKey: isInstallmentStatusChange(webhook) ? webhook.data.installment.installment_key : webhook.data.installments[0]?.installment_key,
      deliveryKey: installmentDeliveryKey(webhook),
    })
  }
  return outcomes
}

/** Sends each request to a recipe through `send` (real HTTP, or a handler's own fetch) and keeps its answer. */
export const sendRequests = async (
  requests: ReadonlyArray<{ readonly name: string; readonly request: WireRequest }>,
  send: (request: Request) => Promise<Response>,
  origin: string,
): Promise<Answer[]> => {
  const answers: Answer[] = []
  for (const { name, request } of requests) {
    const response = await send(toRequest(request, origin))
    const text = await response.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // Not JSON: a runtime's own error page, kept as text.
    }
    answers.push({ name, status: response.status, body })
  }
  return answers
}
