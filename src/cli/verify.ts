// `verify`: captured signed deliveries, one JSON record per line, checked against QI Tech's public keys as of the
// moment each was received, then decoded.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import type { InstallmentWebhookRequest, VerifyInstallmentWebhookSignatureOptions } from 'qitech-installment-webhooks/signature'
import { isRecord } from '../combinators'
import { instantOf } from '../dates'
import { describeValue } from '../report'
import { type Judge, type Outcome, decodedOutcome, failedOutcome, unreadableOutcome } from './check'
import { printable } from './output'

// Loaded on first use: the signature subpath brings jose, which `check` does not need.
let signatureModule: Promise<typeof import('qitech-installment-webhooks/signature')> | undefined

/** The one call into the signature subpath: verifies a delivery, decodes it, and says what became of it. */
const receive = async (request: InstallmentWebhookRequest, options: VerifyInstallmentWebhookSignatureOptions): Promise<Outcome> => {
  const { receiveInstallmentWebhook } = await (signatureModule ??= import('qitech-installment-webhooks/signature'))
  const result = await receiveInstallmentWebhook(request, options)
  return result._tag === 'Right' ? decodedOutcome(result.right.webhook) : failedOutcome(result.left)
}

// A PEM public key takes well under a kilobyte: the limit only keeps a wrong path from filling memory.
export const MAX_KEY_BYTES = 64 * 1024

/**
 * Reads a key file: a regular file of at most {@link MAX_KEY_BYTES}. Opened without blocking, so a FIFO with no
 * writer does not hang the checker, and checked after opening, so a device such as /dev/zero is never read.
 */
const readKeyFile = (file: string): string => {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw new Error('not a regular file')
    // One byte more than the limit shows a file that grew past it since fstat.
    const buffer = Buffer.alloc(MAX_KEY_BYTES + 1)
    const size = stats.size > MAX_KEY_BYTES ? stats.size : readSync(fd, buffer, 0, buffer.length, 0)
    if (size > MAX_KEY_BYTES) throw new Error(`larger than ${MAX_KEY_BYTES / 1024} kB, which no PEM public key is`)
    return buffer.toString('utf8', 0, size)
  } finally {
    closeSync(fd)
  }
}

const BASE64 = /^[\d+/a-z]*={0,2}$/i
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The instant `text` names, in milliseconds, or `undefined` when it is not a date, `T`, a time and a zone. */
const receivedAtMs = (text: unknown): number | undefined => {
  const instant = typeof text === 'string' && text[10] === 'T' ? instantOf(text) : undefined
  if (instant === undefined || !instant.zoned) return undefined
  return instant.seconds * 1000 + Number(instant.fraction.slice(0, 3).padEnd(3, '0'))
}

const invalidCapture = (path: string, expected: string, value: unknown, received = describeValue(value)): Outcome =>
  unreadableOutcome('INVALID_CAPTURE', `${path || '(line)'}: expected ${expected}, received ${received}`, [{ path, expected, received }])

/** A captured delivery, read from one line: the request as received, and when it was received. */
const readCapture = (line: Buffer): { request: InstallmentWebhookRequest; nowMs: number } | Outcome => {
  const expected = 'a JSON object { headers, body or body_base64, method, path, received_at }'
  let capture: unknown
  try {
    capture = JSON.parse(utf8.decode(line))
  } catch {
    return invalidCapture('', expected, line, `text that is not UTF-8 JSON (${line.length} bytes)`)
  }
  if (!isRecord(capture)) return invalidCapture('', expected, capture)
  const { headers, body, body_base64: bodyBase64, method, path, received_at: receivedAt } = capture
  if (!isRecord(headers)) return invalidCapture('headers', 'an object of the request headers', headers)
  let rawBody: string | Buffer
  if (typeof body === 'string' && bodyBase64 === undefined) rawBody = body
  else if (typeof bodyBase64 === 'string' && body === undefined) {
    if (!BASE64.test(bodyBase64) || bodyBase64.length % 4 === 1) return invalidCapture('body_base64', 'the raw body in base64', bodyBase64)
    rawBody = Buffer.from(bodyBase64, 'base64')
  } else {
    const which = body === undefined ? 'body_base64' : 'body'
    return invalidCapture(which, 'the raw body: a string in body, or base64 in body_base64 (one of the two)', capture[which])
  }
  if (typeof method !== 'string') return invalidCapture('method', 'the HTTP method, a string', method)
  if (typeof path !== 'string') return invalidCapture('path', 'the path QI Tech called, a string', path)
  const nowMs = receivedAtMs(receivedAt)
  if (nowMs === undefined) return invalidCapture('received_at', 'an ISO-8601 date and time with a zone, e.g. 2026-11-27T12:00:00.123456Z', receivedAt)
  return { request: { headers: headers as InstallmentWebhookRequest['headers'], body: rawBody, method, path }, nowMs }
}

/** A mistake on the command line, or an unusable key or tolerance: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {}

/**
 * Reads the public keys and checks them and the tolerance with the signature subpath itself, so that a wrong key
 * is a usage error before any input is read; returns the judge of one captured delivery.
 */
export const prepareVerify = async (keyFiles: ReadonlyArray<string>, legacy: boolean, toleranceSeconds: number | undefined): Promise<Judge> => {
  if (keyFiles.length === 0) throw new UsageError("verify needs QI Tech's public key: --public-key <pem file>")
  const publicKeys = keyFiles.map((file) => {
    try {
      return readKeyFile(file)
    } catch (error) {
      throw new UsageError(`cannot read the public key ${printable(file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    }
  })
  const optionsAt = (nowMs: number): VerifyInstallmentWebhookSignatureOptions => ({ publicKeys, now: () => nowMs, legacy, toleranceSeconds })
  // Options are checked before the request, so a request without a signature shows whether they are usable.
  const probe = await receive({ headers: {}, body: '', method: 'POST', path: '/' }, optionsAt(0))
  if (!probe.ok && probe.code === 'INVALID_OPTIONS') {
    if (probe.detail.includes('toleranceSeconds')) throw new UsageError(`--tolerance: ${probe.detail}`)
    throw new UsageError(`--public-key: ${probe.detail.replace(/publicKeys\[(\d+)\]/g, (_, index: string) => printable(keyFiles[Number(index)] ?? 'a key'))}`)
  }
  return async (line) => {
    const capture = readCapture(line)
    return 'request' in capture ? receive(capture.request, optionsAt(capture.nowMs)) : capture
  }
}
