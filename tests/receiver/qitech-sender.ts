// Sends deliveries the way QI Tech does: each one signed, POSTed with a 10 s timeout, and sent again after any answer
// that is not 2xx (or none) up to 3 times, 5 minutes apart; here the 5 minutes are compressed to RETRY_SPACING_MS.
// Behind the lender's load balancer, each attempt goes to the next receiver process.
import { signTestWebhook } from 'qitech-installment-webhooks/testing'

export const TIMEOUT_MS = 10_000
export const RETRIES = 3
/** QI Tech's 5 minutes between retries, compressed 600 times. */
export const RETRY_SPACING_MS = 500
export const WEBHOOK_PATH = '/webhooks/qitech'

export interface Attempt {
  readonly target: number
  readonly startedAt: number
  readonly endedAt: number
  /** The HTTP status, or the error when no answer came (refused, reset, timed out). */
  readonly status?: number
  readonly error?: string
  /** The receiver's answer, when it was JSON. */
  readonly answer?: { outcome?: string; delivery_key?: string; code?: string }
}

export interface Sent {
  readonly body: string
  readonly attempts: Attempt[]
}

export const isAcknowledged = (attempt: Attempt | undefined): boolean =>
  attempt?.status !== undefined && attempt.status >= 200 && attempt.status < 300

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A QI Tech stand-in over a fixed list of receiver URLs; it counts the requests in flight to each. `retrySpacingMs`
 * stands for QI Tech's 5 minutes.
 */
export const qitechSender = (urls: ReadonlyArray<string>, privateKey: string, retrySpacingMs = RETRY_SPACING_MS) => {
  const inFlight = urls.map(() => 0)
  let completed = 0

  const attempt = async (target: number, body: string, headers: Record<string, string>): Promise<Attempt> => {
    const startedAt = Date.now()
    inFlight[target]++
    try {
      const response = await fetch(`${urls[target]}${WEBHOOK_PATH}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) })
      const text = await response.text()
      let answer: Attempt['answer']
      try {
        answer = JSON.parse(text) as Attempt['answer']
      } catch {
        answer = undefined
      }
      return { target, startedAt, endedAt: Date.now(), status: response.status, answer }
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause
      return { target, startedAt, endedAt: Date.now(), error: cause?.code ?? (error as Error).name }
    } finally {
      inFlight[target]--
    }
  }

  /** Delivers `body` to the receiver `first`, then to the next ones on each retry, and records every attempt. */
  const send = async (body: string, first: number): Promise<Sent> => {
    const headers = { ...(await signTestWebhook({ body, privateKey, path: WEBHOOK_PATH })) }
    const attempts: Attempt[] = []
    for (let retry = 0; retry <= RETRIES; retry++) {
      if (retry > 0) await sleep(retrySpacingMs)
      attempts.push(await attempt((first + retry) % urls.length, body, headers))
      if (isAcknowledged(attempts[attempts.length - 1])) break
    }
    completed++
    return { body, attempts }
  }

  /** Sends every body, `concurrency` at a time, the i-th to receiver i mod n first. */
  const sendAll = async (bodies: ReadonlyArray<string>, concurrency: number): Promise<Sent[]> => {
    const sent: Sent[] = new Array<Sent>(bodies.length)
    let next = 0
    const worker = async () => {
      while (next < bodies.length) {
        const index = next++
        sent[index] = await send(bodies[index], index % urls.length)
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    return sent
  }

  return {
    send,
    sendAll,
    /** Requests in flight to receiver `target` now. */
    inFlight: (target: number) => inFlight[target],
    /** Deliveries finished so far: acknowledged, or given up after the last retry. */
    completed: () => completed,
  }
}

/** Resolves once `condition` holds, checking every few milliseconds. */
export const until = async (condition: () => boolean | Promise<boolean>): Promise<void> => {
  while (!(await condition())) await sleep(5)
}
