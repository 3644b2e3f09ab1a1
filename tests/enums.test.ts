import type * as t from 'io-ts'
import {
  InstallmentEventTypeEnumerator,
  InstallmentStatus,
  InstallmentStatusEnumerator,
  InstallmentWebhookType,
  PaymentTypeEnumerator,
} from '../src'
import { InstallmentWebhookDataStatus, isInstallmentStatusValue } from '../src/enums'

const installmentStatuses = Object.keys(InstallmentStatus.keys)
/** The open value codec inside an enumerator object. */
const valueOf = <K extends string>(codec: { types: [{ props: { enumerator: t.Type<string> & { known: ReadonlyArray<K> } } }, unknown] }) =>
  codec.types[0].props.enumerator
const InstallmentEventType = valueOf(InstallmentEventTypeEnumerator)
const PaymentType = valueOf(PaymentTypeEnumerator)

describe('the value lists', () => {
  it('name the 8 configurable statuses in the order of QI Tech\'s documentation', () => {
    expect(installmentStatuses).toEqual([
      'opened',
      'paid',
      'waiting_payment',
      'paid_early',
      'paid_partial',
      'overdue',
      'paid_partial_overdue',
      'paid_overdue',
    ])
  })

  it('give data.status the 8 statuses and update, and the open enumerators their known values', () => {
    expect(Object.keys(InstallmentWebhookDataStatus.keys)).toEqual([...installmentStatuses, 'update'])
    expect(valueOf(InstallmentStatusEnumerator).known).toEqual([...installmentStatuses, 'created'])
    expect(InstallmentEventType.known).toEqual(['open', 'payment'])
    expect(PaymentType.known).toEqual(['bankslip', 'bank_slip', 'pix'])
    expect(InstallmentWebhookType.value).toBe('installment.status_change')
  })
})

describe('the closed enums', () => {
  // ['paid'] names the key 'paid' when it is used as one: only a string is looked up.
  it.each(['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'canceled', 'PAID', '', 7, null, ['paid']])(
    'reject %p, in InstallmentStatus, InstallmentWebhookDataStatus and the status guard alike',
    (value) => {
      expect(InstallmentStatus.is(value)).toBe(false)
      expect(InstallmentWebhookDataStatus.is(value)).toBe(false)
      expect(isInstallmentStatusValue(value)).toBe(false)
    },
  )

  it.each(installmentStatuses)('accept %s everywhere a status goes', (status) => {
    expect(InstallmentStatus.is(status)).toBe(true)
    expect(InstallmentWebhookDataStatus.is(status)).toBe(true)
    expect(isInstallmentStatusValue(status)).toBe(true)
  })

  it('accept update as a data.status only', () => {
    expect(InstallmentWebhookDataStatus.is('update')).toBe(true)
    expect(InstallmentStatus.is('update')).toBe(false)
    expect(isInstallmentStatusValue('update')).toBe(false)
  })

  it('accept only installment.status_change as the webhook_type', () => {
    expect(InstallmentWebhookType.is('installment.status_change')).toBe(true)
    expect(InstallmentWebhookType.is('laas.credit_operation.installment.payment')).toBe(false)
  })
})

describe('the names the enums report as expected', () => {
  it('are the names they are exported under', () => {
    const codecs = { InstallmentStatus, InstallmentStatusEnumerator, InstallmentEventTypeEnumerator, PaymentTypeEnumerator }
    expect(Object.values(codecs).map((codec) => codec.name)).toEqual(Object.keys(codecs))
    expect([InstallmentEventType.name, PaymentType.name]).toEqual(['InstallmentEventTypeEnumeratorValue', 'PaymentTypeEnumeratorValue'])
  })
})

describe('the open enums and enumerator objects', () => {
  it('decode values QI Tech adds later as strings', () => {
    expect(InstallmentEventType.decode('due_date_change')).toEqual({ _tag: 'Right', right: 'due_date_change' })
    expect(PaymentType.decode('debit_card')).toEqual({ _tag: 'Right', right: 'debit_card' })
    expect(PaymentType.is(7)).toBe(false)
  })

  it.each([
    ['InstallmentStatusEnumerator', InstallmentStatusEnumerator, 'unmonitored'],
    ['InstallmentEventTypeEnumerator', InstallmentEventTypeEnumerator, 'due_date_change'],
    ['PaymentTypeEnumerator', PaymentTypeEnumerator, 'manual'],
  ] as const)('%s decodes a known value, a new one, and a missing or null translation_path', (_, codec, added) => {
    for (const body of [
      { enumerator: added, translation_path: `co.X.${added}` },
      { enumerator: added },
      { enumerator: added, translation_path: null, added_later: 1 },
    ]) {
      const result = codec.decode(body)
      expect(result._tag === 'Right' && result.right).toBe(body)
      expect(codec.is(body)).toBe(true)
    }
    const rejected = codec.decode({ enumerator: 1 })
    expect(rejected._tag).toBe('Left')
    // What an issue names as expected for a value that is not a string.
    expect(rejected._tag === 'Left' && rejected.left[0].context.at(-1)?.type.name).toBe(`${codec.name}Value`)
    expect(codec.is({ translation_path: 'co.X.y' })).toBe(false)
  })
})
