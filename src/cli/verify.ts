// `verify`: captured signed deliveries, one JSON record per line, checked against QI Tech's public keys as of the
// moment each was received, then decoded.
import { readFileSync } from 'node:fs'
import type {
  InstallmentWebhookRequest,
  VerifyInstallmentWebhookSignatureOptions,
} from 'qitech-installment-webhooks/signature'
import { type Issue, type Outcome, decodedOutcome, failedOutcome, unreadableOutcome } from './check'

type SignatureModule = typeof import('qitech-installment-webhooks/signature')

// Loaded on first use: the signature subpath brings jose, which `check` does not need.
let signatureModule: Promise<SignatureModule> | undefined
const loadSignatureModule = (): Promise<SignatureModule> =>
  (signatureModule ??= import('qitech-installment-webhooks/signature'))

/** The one call into the signature subpath: verifies a delivery, decodes it, and says what became of it. */
const receive = async (
  request: InstallmentWebhookRequest,
  options: VerifyInstallmentWebhookSignatureOptions,
): Promise<Outcome> => {
  const { receiveInstallmentWebhook } = await loadSignatureModule()
  const result = await receiveInstallmentWebhook(request, options)
  return result._tag === 'Right' ? decodedOutcome(result.right.webhook) : failedOutcome(result.left)
}

// A date, `T`, a time with optional fraction, and a zone, which is required: a time without one names no instant.
const RECEIVED_AT = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/
const RECEIVED_AT_EXPECTED = 'an ISO-8601 date and time with a zone, e.g. 2026-11-27T12:00:00.123456Z'
const BASE64 = /^[\d+/a-z]*={0,2}$/i
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The instant `text` names, in milliseconds, or `undefined` when it is not ISO-8601 with a zone or not a real date. */
const parseReceivedAt = (text: string): number | undefined => {
  const match = RECEIVED_AT.exec(text)
  if (match === null) return undefined
  const [year, month, day] = [match[1], match[2], match[3]].map(Number)
  // Date.UTC rolls 2026-02-30 over to 2026-03-02: a date that does not come back unchanged is not a calendar day.
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined
  return Date.parse(text)
}

const describe = (value: unknown): string => {
  if (value === undefined) return 'nothing (the field is missing)'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array (${value.length} items)`
  if (typeof value === 'string') return `string (${value.length} chars)`
  return typeof value
}

const invalidCapture = (path: string, expected: string, value: unknown): Outcome => {
  const issue: Issue = { path, expected, received: describe(value) }
  return unreadableOutcome('INVALID_CAPTURE', `${path || '(line)'}: expected ${expected}, received ${issue.received}`, [issue])
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A captured delivery, read from one line: the request as received, and when it was received. */
const readCapture = (line: string | Buffer): { request: InstallmentWebhookRequest; receivedAtMs: number } | Outcome => {
  const expected = 'a JSON object { headers, body or body_base64, method, path, received_at }'
  let capture: unknown
  try {
    capture = JSON.parse(typeof line === 'string' ? line : utf8.decode(line))
  } catch {
    return unreadableOutcome('INVALID_CAPTURE', `(line): expected ${expected}, received text that is not UTF-8 JSON`, [
      { path: '', expected, received: `text that is not UTF-8 JSON (${Buffer.byteLength(line)} bytes)` },
    ])
  }
  if (!isRecord(capture)) return invalidCapture('', expected, capture)
  const { headers, body, body_base64: bodyBase64, method, path, received_at: receivedAt } = capture
  if (!isRecord(headers)) return invalidCapture('headers', 'an object of the request headers', headers)
  let rawBody: string | Buffer
  if (typeof body === 'string' && bodyBase64 === undefined) rawBody = body
  else if (typeof bodyBase64 === 'string' && body === undefined) {
    if (!BASE64.test(bodyBase64) || bodyBase64.length % 4 === 1) {
      return invalidCapture('body_base64', 'the raw body in base64', bodyBase64)
    }
    rawBody = Buffer.from(bodyBase64, 'base64')
  } else {
    const which = body === undefined ? 'body_base64' : 'body'
    return invalidCapture(which, 'the raw body: a string in body, or base64 in body_base64 (one of the two)', capture[which])
  }
  if (typeof method !== 'string') return invalidCapture('method', 'the HTTP method, a string', method)
  if (typeof path !== 'string') return invalidCapture('path', 'the path QI Tech called, a string', path)
  const receivedAtMs = typeof receivedAt === 'string' ? parseReceivedAt(receivedAt) : undefined
  if (receivedAtMs === undefined) return invalidCapture('received_at', RECEIVED_AT_EXPECTED, receivedAt)
  return { request: { headers: headers as InstallmentWebhookRequest['headers'], body: rawBody, method, path }, receivedAtMs }
}

/** Checks one captured delivery: as of its `received_at`, then decodes it. */
export type VerifyCapture = (line: string | Buffer) => Promise<Outcome>

/**
 * Reads the public keys and checks them with the signature subpath itself, so that a wrong key is a usage error
 * before any input is read; returns the function that checks one captured delivery, or what is wrong.
 */
export const prepareVerify = async (
  keyFiles: ReadonlyArray<string>,
  legacy: boolean,
): Promise<{ readonly verifyCapture: VerifyCapture } | { readonly error: string }> => {
  if (keyFiles.length === 0) return { error: "verify needs QI Tech's public key: --public-key <pem file>" }
  const publicKeys: string[] = []
  for (const file of keyFiles) {
    try {
      publicKeys.push(readFileSync(file, 'utf8'))
    } catch (error) {
      return { error: `cannot read the public key ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }
    }
  }
  // `legacy` also accepts deliveries signed with QI Tech's v1 scheme.
  const optionsAt = (nowMs: number): VerifyInstallmentWebhookSignatureOptions => ({ publicKeys, now: () => nowMs, legacy })
  // Options are checked before the request, so a request without a signature shows whether the keys are usable.
  const probe = await receive({ headers: {}, body: '', method: 'POST', path: '/' }, optionsAt(0))
  if (!probe.ok && probe.code === 'INVALID_OPTIONS') {
    const named = probe.detail.replace(/publicKeys\[(\d+)\]/g, (_, index: string) => keyFiles[Number(index)] ?? 'a key')
    return { error: `--public-key: ${named}` }
  }
  return {
    verifyCapture: async (line) => {
      const capture = readCapture(line)
      if (!('request' in capture)) return capture
      return receive(capture.request, optionsAt(capture.receivedAtMs))
    },
  }
}
