/** The claims QI Tech signs: the body's MD5, when, and which request. */
export interface InstallmentWebhookSignatureClaims {
  /** Lowercase hex MD5 of the raw body. */
  readonly payload_md5: string
  /** When QI Tech signed the delivery, ISO-8601 with microseconds and `Z`, e.g. `2023-06-30T18:52:27.885731Z`. */
  readonly timestamp: string
  /** The HTTP method, `POST`. */
  readonly method: string
  /** The path QI Tech called, e.g. `/webhooks/qitech`. */
  readonly uri: string
  /** Claims QI Tech may add later are kept. */
  readonly [claim: string]: unknown
}

const CLAIM_NAMES = ['payload_md5', 'timestamp', 'method', 'uri'] as const

/** The signed claims, or a message naming the first claim that is missing or not a string. */
export const parseClaims = (payload: Uint8Array): InstallmentWebhookSignatureClaims | string => {
  let claims: unknown
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload))
  } catch {
    return 'the signed claims are not UTF-8 JSON'
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    return 'the signed claims are not a JSON object'
  }
  for (const name of CLAIM_NAMES) {
    const value: unknown = (claims as Record<string, unknown>)[name]
    if (typeof value !== 'string') {
      const found = value === undefined ? 'no' : 'a non-string'
      const signed = 'QI Tech signs payload_md5, timestamp, method and uri as strings'
      return `the signed claims have ${found} "${name}"; ${signed}`
    }
  }
  return claims as InstallmentWebhookSignatureClaims
}
