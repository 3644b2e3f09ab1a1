// A second, independent statement of both installment webhooks' rules, built only from io-ts's stock combinators
// and small inline predicates. It shares no code with `src/`: the property tests judge every hand-written guard
// and the product's `decode` against `isRight(reference.decode(u))`, so a guard that stops checking a field, or a
// codec that loses one, disagrees with it. Judge it by `decode`, never `is`: io-ts's `t.array(...).is` skips the
// holes of a sparse array, which its `validate` rejects.
import * as t from 'io-ts'

// Scalars. Each brand is declared only so `t.brand` can name it; nothing reads the types.

interface ReferenceDateBrand {
  readonly ReferenceDate: unique symbol
}
interface ReferenceDateTimeBrand {
  readonly ReferenceDateTime: unique symbol
}
interface ReferenceNonEmptyBrand {
  readonly ReferenceNonEmpty: unique symbol
}
interface ReferenceAmountBrand {
  readonly ReferenceAmount: unique symbol
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
// A date, `T` or a space, a clock, an optional fraction, an optional `Z` or offset; ranges are checked below.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))?$/

/**
 * True when year, month and day name a real day. `Date.UTC` is the calendar; the year is moved into 2000-2399,
 * which has the same leap years (the Gregorian calendar repeats every 400 years), because `Date.UTC` reads a year
 * below 100 as 19xx.
 */
const isCalendarDay = (year: number, month: number, day: number): boolean => {
  const probe = new Date(Date.UTC(2000 + (year % 400), month - 1, day))
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day
}

const isDateText = (s: string): boolean => {
  const m = DATE.exec(s)
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))
}

const isDateTimeText = (s: string): boolean => {
  const m = DATE_TIME.exec(s)
  if (m === null || !isDateText(m[1])) return false
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4])]
  const zoneOk = m[5] === undefined || (Number(m[5]) <= 23 && Number(m[6]) <= 59)
  return hour <= 23 && minute <= 59 && second <= 59 && zoneOk
}

/** `YYYY-MM-DD` naming a real day. */
export const Day = t.brand(t.string, (s): s is t.Branded<string, ReferenceDateBrand> => isDateText(s), 'ReferenceDate')
/** A date, `T` or space, `HH:MM:SS`, optional `.digits`, optional `Z` or `±HH:MM`. */
export const DateTime = t.brand(t.string, (s): s is t.Branded<string, ReferenceDateTimeBrand> => isDateTimeText(s), 'ReferenceDateTime')
/** A string of at least one character (keys). */
export const NonEmpty = t.brand(t.string, (s): s is t.Branded<string, ReferenceNonEmptyBrand> => s !== '', 'ReferenceNonEmpty')
/** A finite number (money). */
export const Money = t.brand(t.number, (n): n is t.Branded<number, ReferenceAmountBrand> => Number.isFinite(n), 'ReferenceAmount')

/** An optional field: absent (t.partial), `null`, or a value of `codec`. */
const orNull = <C extends t.Mixed>(codec: C) => t.union([codec, t.null])

/**
 * QI Tech's enumerator object. Its value is any string (the lists are open); the known values are listed only so
 * that generated payloads use them, as the product's `Known | (string & {})` type does.
 */
const enumeratorObject = (known: ReadonlyArray<string>) =>
  t.intersection([
    t.type({ enumerator: t.union([t.keyof(Object.fromEntries(known.map((k) => [k, null]))), t.string]) }),
    t.partial({ translation_path: orNull(t.string) }),
  ])

export const StatusEnumerator = enumeratorObject([
  'opened',
  'paid',
  'waiting_payment',
  'paid_early',
  'paid_partial',
  'overdue',
  'paid_partial_overdue',
  'paid_overdue',
  'created',
])
export const EventTypeEnumerator = enumeratorObject(['open', 'payment'])
export const PaymentTypeEnumerator = enumeratorObject(['bankslip', 'bank_slip', 'pix'])

// The status-change variant.

export const Event = t.partial({
  amount: orNull(Money),
  created_at: orNull(DateTime),
  event_date: orNull(DateTime),
  old_due_date: orNull(t.union([Day, DateTime])),
  installment_event_type: orNull(EventTypeEnumerator),
  installment_old_status: orNull(StatusEnumerator),
})

export const Payment = t.partial({
  installment_payment_key: orNull(t.string),
  paid_at: orNull(DateTime),
  paid_amount: orNull(Money),
  paid_method_type: orNull(PaymentTypeEnumerator),
})

export const Installment = t.intersection([
  t.type({ installment_key: NonEmpty, due_date: Day }),
  t.partial({
    paid_at: orNull(DateTime),
    installment_status: orNull(StatusEnumerator),
    events: orNull(t.array(Event)),
    installment_payment: orNull(t.array(Payment)),
    workdays: orNull(t.Int),
    calendar_days: orNull(t.Int),
    created_at: orNull(DateTime),
    updated_at: orNull(DateTime),
    tax_amount: orNull(Money),
    paid_amount: orNull(Money),
    due_interest: orNull(Money),
    total_amount: orNull(Money),
    due_principal: orNull(Money),
    fine_amount: orNull(Money),
    qr_code_key: orNull(t.string),
    qr_code_url: orNull(t.string),
    bank_slip_key: orNull(t.string),
    has_interest: orNull(t.boolean),
    payment_type: orNull(PaymentTypeEnumerator),
    installment_number: orNull(t.Int),
    business_due_date: orNull(Day),
    pre_fixed_amount: orNull(Money),
    post_fixed_amount: orNull(Money),
    principal_amortization_amount: orNull(Money),
    additional_costs: orNull(t.UnknownArray),
    installment_type: orNull(t.string),
  }),
])

const installmentStatuses = {
  opened: null,
  paid: null,
  waiting_payment: null,
  paid_early: null,
  paid_partial: null,
  overdue: null,
  paid_partial_overdue: null,
  paid_overdue: null,
}

export const StatusChangeData = t.type({
  status: t.keyof(installmentStatuses),
  is_finished: t.boolean,
  installment: Installment,
})

// The bank-slip update variant.

export const Charge = t.intersection([
  t.type({ installment_key: NonEmpty, due_date: Day, total_amount: Money }),
  t.partial({
    digitable_line: orNull(t.string),
    qr_code_key: orNull(t.string),
    qr_code_url: orNull(t.string),
    principal_amortization_amount: orNull(Money),
    pre_fixed_amount: orNull(Money),
    bank_slip_key: orNull(t.string),
    business_due_date: orNull(Day),
  }),
])

export const BankSlipUpdateData = t.intersection([
  t.type({ status: t.literal('update'), installments: t.array(Charge) }),
  t.partial({ is_finished: orNull(t.boolean) }),
])

// The envelope both variants share, and the webhook.

const envelope = <D extends t.Mixed>(data: D) =>
  t.type({ key: NonEmpty, webhook_type: t.literal('installment.status_change'), data })

export const StatusChangeWebhook = envelope(StatusChangeData)
export const BankSlipUpdateWebhook = envelope(BankSlipUpdateData)

/** A body handed in must be a plain object (not a Map, a Date, a boxed string): io-ts's UnknownRecord allows those. */
const PlainObject = t.refinement(t.UnknownRecord, (u) => Object.prototype.toString.call(u) === '[object Object]', 'PlainObject')

/** Either webhook, as a whole body. */
export const Webhook = t.intersection([PlainObject, t.union([StatusChangeWebhook, BankSlipUpdateWebhook])])
