// The shapes a verified delivery resolves to, one per signing scheme, told apart by `scheme`.
import type { InstallmentWebhookLegacySignedRequest } from './legacy'

/** The claims QI Tech signs in a v2 delivery's `AUTHORIZATION` JWT: the body's MD5, when, and which request. */
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

/** The claims of a legacy (v1) delivery's `AUTHORIZATION` JWT. */
export interface InstallmentWebhookLegacySignatureClaims {
  /** The integration's `API-CLIENT-KEY`. */
  readonly sub: string
  /** The signed request: method, MD5 of `encoded_body`, content type, date and path, joined by `\n`. */
  readonly signature: string
  /** Claims QI Tech may add later are kept. */
  readonly [claim: string]: unknown
}

/** A v2 delivery that passed every check: a bare JWT in `AUTHORIZATION` signs the body's MD5. */
export interface InstallmentWebhookV2Verification {
  /** QI Tech's current signing scheme. */
  readonly scheme: 'v2'
  /** The JWT's claims exactly as QI Tech signed them. */
  readonly claims: InstallmentWebhookSignatureClaims
  /** The `API-CLIENT-KEY` header (the integration's id), when the request had one. v2 does not sign it. */
  readonly apiClientKey: string | undefined
}

/** A legacy (v1) delivery that passed every check: the body wraps the webhook in a JWS of its own. */
export interface InstallmentWebhookV1Verification {
  /** QI Tech's legacy signing scheme, accepted only with `legacy: true`. */
  readonly scheme: 'v1'
  /** The `AUTHORIZATION` JWT's claims exactly as QI Tech signed them. */
  readonly claims: InstallmentWebhookLegacySignatureClaims
  /** The five lines of `claims.signature`. */
  readonly signedRequest: InstallmentWebhookLegacySignedRequest
  /** The `API-CLIENT-KEY` header, which equals the signed `sub` and the key in `AUTHORIZATION`. */
  readonly apiClientKey: string
  /** The verified claims of the `encoded_body` JWS: the webhook's JSON, not yet decoded. */
  readonly payload: Readonly<Record<string, unknown>>
}

/**
 * What verification established about a delivery. `scheme` tells QI Tech's two signing schemes apart; each gives
 * the signed claims exactly as QI Tech signed them.
 */
export type InstallmentWebhookVerification = InstallmentWebhookV2Verification | InstallmentWebhookV1Verification
