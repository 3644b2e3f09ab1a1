// The part every installment webhook shares, `{ key, webhook_type, data }`, written once for both variants: the
// codec builder and the guard's half of it. Internal: not re-exported.
import type * as t from 'io-ts'
import { isRecord, payloadObject } from './combinators'
import { InstallmentWebhookType } from './enums'
import { NonEmptyString, isNonEmptyStringValue } from './primitives'

/** A variant's codec: the envelope around `data`; `is` is the variant's hand-written guard. */
export const webhookEnvelope = <D extends t.Mixed>(name: string, data: D, is: (u: unknown) => boolean) =>
  payloadObject(
    name,
    {
      /** The credit operation's key (QI Tech's DEBT-KEY), shared by all its installments. */
      key: NonEmptyString,
      /** Always `installment.status_change`, for both variants. */
      webhook_type: InstallmentWebhookType,
      /** What happened; its `status` tells the variant. */
      data,
    },
    {},
    is,
  )

/** The envelope's rule, for the variant guards; each checks `data` itself. */
export const isEnvelope = (u: unknown): u is { readonly data: unknown } =>
  isRecord(u) && isNonEmptyStringValue(u.key) && u.webhook_type === InstallmentWebhookType.value
