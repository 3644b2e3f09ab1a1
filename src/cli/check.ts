// The outcome of one payload, and `check`'s way of reaching it: decode the payload.
import { isUtf8 } from 'node:buffer'
// The decoder is bundled into the checker from its sources rather than loaded through the package's entry, which
// also loads the delivery key's SHA-256 and, through it, node:crypto: some 20 ms of start-up for every process and
// worker thread, and none of it used. The error's brand is a registered symbol, so `isInstallmentWebhookError` also
// knows the errors of the copy that `verify` loads through the signature subpath.
import { decodeInstallmentWebhook } from '../decode'
import { isInstallmentWebhookError } from '../errors'
import type { InstallmentWebhook } from '../webhook'

/**
 * How a payload failed:
 * - `invalid`: it is not a valid installment webhook (a code of the decoder);
 * - `unverified`: its signature did not verify (`verify` only; a code of the signature check);
 * - `unreadable`: the checker could not read it (the checker's own codes).
 */
export type FailureKind = 'invalid' | 'unverified' | 'unreadable'

/** The checker's own codes, for inputs and lines it cannot hand to the library. */
export type CheckerCode = 'UNREADABLE_INPUT' | 'PAYLOAD_TOO_LARGE' | 'INVALID_CAPTURE'

/** One problem, as the decoder reports it: where, what was expected and what was there. */
export interface Issue {
  readonly path: string
  readonly expected: string
  readonly received: string
}

/** What became of one payload. */
export type Outcome =
  | { readonly ok: true; readonly status: string; readonly installmentKeys: ReadonlyArray<string> }
  | {
      readonly ok: false
      readonly kind: FailureKind
      readonly code: string
      /** One line on what is wrong, without the package-name prefix. */
      readonly detail: string
      readonly issues: ReadonlyArray<Issue>
    }

/** The outcome of a webhook that decoded: its status and the keys of its installments. */
export const decodedOutcome = (webhook: InstallmentWebhook): Outcome => ({
  ok: true,
  status: webhook.data.status,
  installmentKeys:
    webhook.data.status === 'update'
      ? webhook.data.installments.map((installment) => installment.installment_key)
      : [webhook.data.installment.installment_key],
})

const describeIssue = (issue: Issue): string =>
  `${issue.path === '' ? '(body)' : issue.path}: expected ${issue.expected}, received ${issue.received}`

/** The outcome of an error returned by the library: the decoder's error or the signature check's. */
export const failedOutcome = (error: { readonly code: string; readonly message: string }): Outcome => {
  if (isInstallmentWebhookError(error)) {
    const [first] = error.issues
    const rest = error.issues.length - 1
    const detail =
      first === undefined ? error.message : `${describeIssue(first)}${rest > 0 ? `; and ${rest} more issue${rest === 1 ? '' : 's'}` : ''}`
    return { ok: false, kind: 'invalid', code: error.code, detail, issues: error.issues }
  }
  // The message is `qitech-installment-webhooks: CODE: detail`.
  const prefix = `: ${error.code}: `
  const at = error.message.indexOf(prefix)
  const detail = at === -1 ? error.message : error.message.slice(at + prefix.length)
  return { ok: false, kind: 'unverified', code: error.code, detail, issues: [] }
}

/** The outcome of something the checker could not hand to the library. */
export const unreadableOutcome = (code: CheckerCode, detail: string, issues: ReadonlyArray<Issue> = []): Outcome => ({
  ok: false,
  kind: 'unreadable',
  code,
  detail,
  issues,
})

/**
 * Decodes one payload. UTF-8 goes in as text, the decoder's quickest path; other bytes go in as bytes, so that the
 * decoder reports them as INVALID_JSON, as it would for a request body.
 */
export const checkPayload = (body: string | Buffer): Outcome => {
  // `toString()` without arguments is Buffer's quickest path to UTF-8 text.
  const text = typeof body === 'string' || !isUtf8(body) ? body : body.toString()
  const result = decodeInstallmentWebhook(text)
  return result._tag === 'Right' ? decodedOutcome(result.right) : failedOutcome(result.left)
}
