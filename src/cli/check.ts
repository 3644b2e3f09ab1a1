// The outcome of one payload, and `check`'s way of reaching it: decode the payload.
import { isUtf8 } from 'node:buffer'
// The decoder is bundled from its sources rather than loaded through the package's entry, so the checker loads only
// what decoding needs. The error's brand is a registered symbol, so `isInstallmentWebhookError` also knows the
// errors of the copy that `verify` loads through the signature subpath.
import { decodeInstallmentWebhook } from '../decode'
import { type InstallmentWebhookIssue, isInstallmentWebhookError } from '../errors'
import type { InstallmentWebhook } from '../webhook'

/**
 * What became of one payload. A failure's kind: `invalid`, not a valid installment webhook (a code of the decoder);
 * `unverified`, its signature did not verify (`verify` only); `unreadable`, the checker could not read it.
 */
export type Outcome =
  | { readonly ok: true; readonly status: string; readonly installmentKeys: ReadonlyArray<string> }
  | {
      readonly ok: false
      readonly kind: 'invalid' | 'unverified' | 'unreadable'
      readonly code: string
      /** One line on what is wrong, without the package-name prefix. */
      readonly detail: string
      /** At most the decoder's limit of issues, and the count of the rest. */
      readonly issues: ReadonlyArray<InstallmentWebhookIssue>
      readonly omittedIssues: number
      /** `webhook_type` and `data.status` as received, where the body has them as strings. */
      readonly webhookType?: string
      readonly status?: string
    }

/** Judges one payload: `check` decodes it, `verify` checks a captured delivery then decodes it. */
export type Judge = (body: Buffer) => Outcome | Promise<Outcome>

/** The outcome of a webhook that decoded: its status and the keys of its installments. */
export const decodedOutcome = ({ data }: InstallmentWebhook): Outcome => ({
  ok: true,
  status: data.status,
  installmentKeys: data.status === 'update' ? data.installments.map((item) => item.installment_key) : [data.installment.installment_key],
})

/** The outcome of an error returned by the library: the decoder's error or the signature check's. */
export const failedOutcome = (error: { readonly code: string; readonly message: string }): Outcome => {
  if (isInstallmentWebhookError(error)) {
    const { code, issues, omittedIssues, envelope } = error
    const [first] = issues
    const rest = issues.length - 1 + omittedIssues
    const more = rest > 0 ? `; and ${rest} more issue${rest === 1 ? '' : 's'}` : ''
    const detail = first === undefined ? error.message : `${first.path || '(body)'}: expected ${first.expected}, received ${first.received}${more}`
    return { ok: false, kind: 'invalid', code, detail, issues, omittedIssues, webhookType: envelope.webhook_type, status: envelope.status }
  }
  // The message is `qitech-installment-webhooks: CODE: detail`.
  const prefix = `: ${error.code}: `
  const at = error.message.indexOf(prefix)
  const detail = at === -1 ? error.message : error.message.slice(at + prefix.length)
  return { ok: false, kind: 'unverified', code: error.code, detail, issues: [], omittedIssues: 0 }
}

/** The outcome of something the checker could not hand to the library, with one of the checker's own codes. */
export const unreadableOutcome = (
  code: 'UNREADABLE_INPUT' | 'PAYLOAD_TOO_LARGE' | 'INVALID_CAPTURE',
  detail: string,
  issues: ReadonlyArray<InstallmentWebhookIssue> = [],
): Outcome => ({ ok: false, kind: 'unreadable', code, detail, issues, omittedIssues: 0 })

/**
 * Decodes one payload. UTF-8 goes in as text, the decoder's quickest path; other bytes go in as bytes, so that the
 * decoder reports them as INVALID_JSON, as it would for a request body.
 */
export const checkPayload = (body: Buffer): Outcome => {
  const result = decodeInstallmentWebhook(isUtf8(body) ? body.toString() : body)
  return result._tag === 'Right' ? decodedOutcome(result.right) : failedOutcome(result.left)
}
