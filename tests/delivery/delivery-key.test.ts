import fc from 'fast-check'
import { createHash } from 'node:crypto'
import { type InstallmentWebhook, InstallmentStatus, decodeInstallmentWebhook } from '../../src'
import { installmentDeliveryKey } from '../../src/delivery'
import { buildBankSlipUpdateWebhook, buildStatusChangeWebhook } from '../../src/testing'
import { bankSlipUpdateWebhookArbitrary, cloneJson, defineOwn, installmentWebhookArbitrary, positionsOf, statusChangeWebhookArbitrary } from '../arbitraries'
import { readFixture, validFixtureNames } from '../fixtures'
import { RUNS_SCALE, propertySettings } from '../property-settings'

/** Decodes JSON text as a handler does, failing the test when it does not decode. */
const decodeText = (text: string): InstallmentWebhook => {
  const result = decodeInstallmentWebhook(text)
  if (result._tag === 'Left') throw new Error(`expected a valid webhook: ${result.left.message}`)
  return result.right
}

const keyOf = (payload: unknown): string => installmentDeliveryKey(decodeText(JSON.stringify(payload)))

// --- re-serialization ----------------------------------------------------------------------------------------------

/** A small deterministic generator, so a shuffle is reproduced from the seed fast-check reports. */
const randomFrom = (seed: number) => {
  let state = seed >>> 0
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let x = Math.imul(state ^ (state >>> 15), 1 | state)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A copy as a retry may be re-serialized: the keys of every object and the items of every list in another order, and
 * some `null` fields left out or some absent ones sent as `null` (own `__proto__` keys kept as own data properties).
 */
const shuffleKeys = (value: unknown, random: () => number): unknown => {
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[items[i], items[j]] = [items[j], items[i]]
    }
    return items
  }
  if (Array.isArray(value)) return shuffle(value.map((item) => shuffleKeys(item, random)))
  if (typeof value !== 'object' || value === null) return value
  const entries = shuffle(Object.entries(value).filter(([, item]) => item !== null || random() < 0.5))
  if (random() < 0.3) entries.push(['absent_field', null])
  const out = {}
  for (const [key, item] of entries) defineOwn(out, key, shuffleKeys(item, random))
  return out
}

/** JSON text of `value` re-serialized by {@link shuffleKeys}, with another indentation: what a proxy or a replay tool may send. */
const reserialize = (value: unknown, seed: number): string =>
  JSON.stringify(shuffleKeys(value, randomFrom(seed)), null, ['', '  ', '\t', ' \n '][seed & 3])

/** Every object position in `value` (the root included), where an unknown field can be added. */
const objectPositions = (value: unknown): Array<Array<string | number>> =>
  [[], ...positionsOf(value)].filter((segments) => {
    let at: any = value
    for (const s of segments) at = at[s]
    return typeof at === 'object' && at !== null && !Array.isArray(at)
  })

const withUnknownFields = (payload: Record<string, unknown>, additions: ReadonlyArray<[number, string, unknown]>) => {
  const copy = cloneJson(payload)
  const positions = objectPositions(copy)
  for (const [index, name, value] of additions) {
    let at: any = copy
    for (const s of positions[index % positions.length]) at = at[s]
    defineOwn(at, `unknown_${name}`, value)
  }
  return copy
}

/** Fields this version does not know, each with a value other than `null` (which is the same as absent). */
const unknownFieldsArbitrary = fc.array(
  fc.tuple(fc.nat(), fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }).filter((value) => value !== null)),
  { minLength: 1, maxLength: 6 },
)

/**
 * The canonical text the key hashes, written here as the specification: the value as JSON with the keys of every
 * object sorted, every list's items sorted by their own canonical text, `null` fields left out like absent ones, and
 * the fields named `translation_path`, `workdays` and `calendar_days` left out at any depth.
 */
const canonicalSpec = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalSpec).sort().join(',')}]`
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  const keys = Object.keys(value)
    .filter((key) => (value as any)[key] !== null && !['translation_path', 'workdays', 'calendar_days'].includes(key))
    .sort()
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalSpec((value as any)[key])}`).join(',')}}`
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

// --- the booked fields, written out here as the specification the key is held to ------------------------------------

type Kind = 'key' | 'text' | 'date' | 'datetime' | 'amount' | 'boolean' | 'int' | 'status' | 'enumerator'

/** A booked field: its path (`[]` stands for any item of a list), its kind, and whether it may be `null`. */
type BookedField = readonly [path: string, kind: Kind, optional: boolean]

const bookedInStatusChange: ReadonlyArray<BookedField> = [
  ['key', 'key', false],
  ['data.status', 'status', false],
  ['data.is_finished', 'boolean', false],
  ['data.installment.installment_key', 'key', false],
  ['data.installment.due_date', 'date', false],
  ['data.installment.business_due_date', 'date', true],
  ['data.installment.paid_at', 'datetime', true],
  ['data.installment.created_at', 'datetime', true],
  ['data.installment.updated_at', 'datetime', true],
  ...(
    [
      'total_amount',
      'paid_amount',
      'tax_amount',
      'due_interest',
      'due_principal',
      'fine_amount',
      'pre_fixed_amount',
      'post_fixed_amount',
      'principal_amortization_amount',
    ] as const
  ).map((name): BookedField => [`data.installment.${name}`, 'amount', true]),
  ['data.installment.bank_slip_key', 'text', true],
  ['data.installment.qr_code_key', 'text', true],
  ['data.installment.qr_code_url', 'text', true],
  ['data.installment.has_interest', 'boolean', true],
  ['data.installment.installment_number', 'int', true],
  ['data.installment.installment_type', 'text', true],
  ['data.installment.installment_status.enumerator', 'enumerator', false],
  ['data.installment.payment_type.enumerator', 'enumerator', false],
  ['data.installment.events[].amount', 'amount', true],
  ['data.installment.events[].created_at', 'datetime', true],
  ['data.installment.events[].event_date', 'datetime', true],
  ['data.installment.events[].old_due_date', 'date', true],
  ['data.installment.events[].installment_event_type.enumerator', 'enumerator', false],
  ['data.installment.events[].installment_old_status.enumerator', 'enumerator', false],
  ['data.installment.installment_payment[].installment_payment_key', 'text', true],
  ['data.installment.installment_payment[].paid_at', 'datetime', true],
  ['data.installment.installment_payment[].paid_amount', 'amount', true],
  ['data.installment.installment_payment[].paid_method_type.enumerator', 'enumerator', false],
]

const bookedInBankSlipUpdate: ReadonlyArray<BookedField> = [
  ['key', 'key', false],
  ['data.is_finished', 'boolean', true],
  ['data.installments[].installment_key', 'key', false],
  ['data.installments[].due_date', 'date', false],
  ['data.installments[].business_due_date', 'date', true],
  ['data.installments[].total_amount', 'amount', false],
  ['data.installments[].principal_amortization_amount', 'amount', true],
  ['data.installments[].pre_fixed_amount', 'amount', true],
  ['data.installments[].digitable_line', 'text', true],
  ['data.installments[].bank_slip_key', 'text', true],
  ['data.installments[].qr_code_key', 'text', true],
  ['data.installments[].qr_code_url', 'text', true],
]

const isoDate = fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))

const valueOfKind: Record<Kind, fc.Arbitrary<unknown>> = {
  key: fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 12 })),
  text: fc.string({ maxLength: 12 }),
  date: isoDate,
  datetime: fc.tuple(isoDate, fc.constantFrom('T', ' '), fc.integer({ min: 0, max: 86_399 })).map(
    ([date, separator, seconds]) => `${date}${separator}${new Date(seconds * 1000).toISOString().slice(11, 19)}`,
  ),
  amount: fc.oneof(fc.integer({ min: 0, max: 1e12 }).map((n) => n / 1e8), fc.double({ noNaN: true, noDefaultInfinity: true })),
  boolean: fc.boolean(),
  int: fc.integer(),
  status: fc.constantFrom(...(Object.keys(InstallmentStatus.keys) as InstallmentStatus[])),
  enumerator: fc.oneof(fc.constantFrom('paid', 'opened', 'payment', 'due_date_change', 'pix'), fc.string({ maxLength: 10 })),
}

/** The concrete paths of `field` in `payload`: one per item of each list the path goes through. */
const concretePaths = (payload: unknown, path: string): Array<Array<string | number>> => {
  const expand = (at: unknown, parts: string[], prefix: Array<string | number>): Array<Array<string | number>> => {
    if (parts.length === 0) return [prefix]
    const [part, ...rest] = parts
    if (!part.endsWith('[]')) return expand((at as any)?.[part], rest, [...prefix, part])
    const name = part.slice(0, -2)
    const list = (at as any)?.[name]
    return Array.isArray(list) ? list.flatMap((item, i) => expand(item, rest, [...prefix, name, i])) : []
  }
  return expand(payload, path.split('.'), [])
}

const valueAt = (payload: unknown, segments: ReadonlyArray<string | number>): unknown =>
  segments.reduce<any>((at, s) => (at === null || at === undefined ? undefined : at[s]), payload)

/** A copy with `value` at `segments`, creating the objects on the way (an enumerator object that was absent). */
const setAt = (payload: Record<string, unknown>, segments: ReadonlyArray<string | number>, value: unknown) => {
  const copy = cloneJson(payload)
  let at: any = copy
  for (const s of segments.slice(0, -1)) {
    if (typeof at[s] !== 'object' || at[s] === null) defineOwn(at, String(s), {})
    at = at[s]
  }
  defineOwn(at, String(segments[segments.length - 1]), value)
  return copy
}

/** A payload, one booked field in it, and another value for that field (`null` only where the field may be null). */
const bookedChangeArbitrary = (payloads: fc.Arbitrary<Record<string, unknown>>, fields: ReadonlyArray<BookedField>) =>
  fc
    .tuple(payloads, fc.constantFrom(...fields))
    .chain(([payload, [path, kind, optional]]) => {
      const paths = concretePaths(payload, path)
      if (paths.length === 0) return fc.constant(undefined)
      return fc.tuple(fc.constantFrom(...paths), optional ? fc.option(valueOfKind[kind], { freq: 4 }) : valueOfKind[kind]).map(([segments, value]) => {
        const before = valueAt(payload, segments) ?? null
        return { payload, path, segments, before, value }
      })
    })
    .filter((change) => change !== undefined && change.value !== change.before)

// --- tests ---------------------------------------------------------------------------------------------------------

describe('installmentDeliveryKey', () => {
  it('is v2: and the SHA-256, in 64 hex digits, of the canonical text of the delivery, for every fixture', () => {
    for (const name of validFixtureNames) {
      const text = readFixture(name)
      expect([name, installmentDeliveryKey(decodeText(text))]).toEqual([name, `v2:${sha256Hex(canonicalSpec(JSON.parse(text)))}`])
    }
  })

  it('is the same in every process and release of this scheme: the keys of the seed examples are pinned', () => {
    // A change of these values is a change of the key's composition: it must come with a new scheme version.
    expect(installmentDeliveryKey(decodeText(readFixture('seed-paid.json')))).toBe(
      'v2:cb3249a2d052f4958795ec1a3cd7caab723243b867726df982342a79623711ad',
    )
    expect(installmentDeliveryKey(decodeText(readFixture('seed-bank-slip-update.json')))).toBe(
      'v2:36cab7a0ca2acd64472c9bc82faf8e4856349bea0510107fabb90a0dd4407199',
    )
  })

  it('is the standard SHA-256 (as node:crypto computes it) of the sorted JSON of the delivery', () => {
    const update = buildBankSlipUpdateWebhook({ key: 'op-1', data: { installments: [{ installment_key: 'i-2' }, { installment_key: 'i-1' }] } })
    const canonical =
      '{"data":{"installments":[{"installment_key":"i-1"},{"installment_key":"i-2"}],"status":"update"},' +
      '"key":"op-1","webhook_type":"installment.status_change"}'
    expect(installmentDeliveryKey(update)).toBe(`v2:${sha256Hex(canonical)}`)
  })

  it('gives a fixture re-serialized with other key order, list order, whitespace and nulls the same key', () => {
    for (const name of validFixtureNames) {
      const text = readFixture(name)
      expect([name, installmentDeliveryKey(decodeText(reserialize(JSON.parse(text), 7)))]).toEqual([
        name,
        installmentDeliveryKey(decodeText(text)),
      ])
    }
  })

  it('differs for two partial payments of one installment', () => {
    const first = buildStatusChangeWebhook('paid_partial', {
      data: { installment: { paid_amount: 300, updated_at: '2022-10-20T09:00:01' } },
    })
    const second = buildStatusChangeWebhook('paid_partial', {
      data: {
        installment: {
          paid_amount: 800,
          updated_at: '2022-10-25T16:30:01',
          installment_payment: [
            ...(first.data.installment.installment_payment ?? []),
            {
              installment_payment_key: '0b6f9f3e-54c1-4c5e-9d1b-3f6f0e1f2a9c',
              paid_at: '2022-10-25T16:30:00',
              paid_amount: 500,
              paid_method_type: { enumerator: 'pix', translation_path: 'co.PaymentType.pix' },
            },
          ],
        },
      },
    })
    expect(keyOf(first)).not.toBe(keyOf(second))
  })

  it('differs for a status change of the same installment at the same time', () => {
    const overdue = buildStatusChangeWebhook('overdue')
    const partialOverdue = buildStatusChangeWebhook('overdue', { data: { status: 'paid_partial_overdue' } })
    expect(keyOf(overdue)).not.toBe(keyOf(partialOverdue))
  })

  it('differs for a new bank slip for the same installment', () => {
    const first = buildBankSlipUpdateWebhook()
    const [item] = first.data.installments
    const second = buildBankSlipUpdateWebhook({
      data: {
        installments: [
          {
            ...item,
            bank_slip_key: '2c0d1f61-7e53-4a40-9a57-5a1f4b3c2d10',
            digitable_line: '32990001455000000000503007797909797660000100001',
          },
        ],
      },
    })
    expect(keyOf(first)).not.toBe(keyOf(second))
  })

  it('differs when a due-date-change event is added', () => {
    const before = buildStatusChangeWebhook('opened')
    const after = buildStatusChangeWebhook('opened', {
      data: {
        installment: {
          due_date: '2022-11-28',
          events: [
            ...(before.data.installment.events ?? []),
            {
              amount: null,
              created_at: '2022-10-01T08:00:00',
              event_date: '2022-10-01T08:00:00',
              old_due_date: '2022-10-28',
              installment_event_type: { enumerator: 'due_date_change', translation_path: 'co.InstallmentEventType.due_date_change' },
              installment_old_status: { enumerator: 'opened', translation_path: 'co.InstallmentStatus.opened' },
            },
          ],
        },
      },
    })
    expect(keyOf(before)).not.toBe(keyOf(after))
  })

  it('is 67 characters for a bank-slip update of 10,000 installments, and changes when one of them does', () => {
    const [item] = buildBankSlipUpdateWebhook().data.installments
    const installments = Array.from({ length: 10_000 }, (_, i) => ({ ...item, installment_key: `installment-${i}` }))
    const update = buildBankSlipUpdateWebhook({ data: { installments } })
    const key = keyOf(update)
    expect(key).toHaveLength(67)
    const changed = installments.map((it, i) => (i === 9_999 ? { ...it, total_amount: 216.98 } : it))
    expect(keyOf(buildBankSlipUpdateWebhook({ data: { installments: changed } }))).not.toBe(key)
  })

  it('leaves out only translation_path, workdays and calendar_days, which may vary between two sendings of one delivery', () => {
    const base = buildStatusChangeWebhook('paid')
    const changed = buildStatusChangeWebhook('paid', {
      data: {
        installment: {
          workdays: 3,
          calendar_days: 5,
          installment_status: { translation_path: 'co.InstallmentStatus.pago' },
          payment_type: { translation_path: null },
        },
      },
    })
    expect(keyOf(changed)).toBe(keyOf(base))
  })

  it('counts a field this version does not know, and additional_costs', () => {
    const base = buildStatusChangeWebhook('paid', { data: { installment: { additional_costs: [] } } })
    const withDiscount = cloneJson(base) as any
    withDiscount.data.installment.discount_amount = 12.5
    expect(keyOf(withDiscount)).not.toBe(keyOf(base))
    const withCost = buildStatusChangeWebhook('paid', { data: { installment: { additional_costs: [{ kind: 'tariff', amount: 2.5 }] } } })
    expect(keyOf(withCost)).not.toBe(keyOf(base))
  })

  it('keys a delivery with 100,000 nested lists or objects in a field it does not know, without a RangeError', () => {
    const paid = JSON.stringify(buildStatusChangeWebhook('paid'))
    const withDeep = (deep: string) => `${paid.slice(0, -1)},"deep":${deep}}`
    const keyOfText = (text: string) => installmentDeliveryKey(decodeText(text))
    const lists = keyOfText(withDeep(`${'['.repeat(100_000)}1${']'.repeat(100_000)}`))
    const otherLists = keyOfText(withDeep(`${'['.repeat(100_000)}2${']'.repeat(100_000)}`))
    const objects = keyOfText(withDeep(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`))
    expect(new Set([keyOfText(paid), lists, otherLists, objects]).size).toBe(4)
  })

  it('counts an absent field and a null one as the same, and ignores the order of list items', () => {
    const paid = buildStatusChangeWebhook('paid')
    const withoutFine = cloneJson(paid) as any
    delete withoutFine.data.installment.fine_amount
    expect(paid.data.installment.fine_amount).toBeNull()
    expect(keyOf(withoutFine)).toBe(keyOf(paid))
    const reversed = cloneJson(paid) as any
    reversed.data.installment.events.reverse()
    expect(keyOf(reversed)).toBe(keyOf(paid))
  })
})

describe('installmentDeliveryKey properties', () => {
  it('is the same for a retry re-serialized with other key order, list order, whitespace, and null fields left out or added', () => {
    fc.assert(
      fc.property(installmentWebhookArbitrary(), fc.integer(), (payload, seed) => {
        expect(installmentDeliveryKey(decodeText(reserialize(payload, seed)))).toBe(keyOf(payload))
      }),
      propertySettings(300),
    )
  })

  it('differs for two deliveries that differ only in fields this version does not know', () => {
    fc.assert(
      fc.property(installmentWebhookArbitrary(), unknownFieldsArbitrary, (payload, additions) => {
        expect(keyOf(withUnknownFields(payload, additions))).not.toBe(keyOf(payload))
      }),
      propertySettings(300),
    )
  })

  it('hashes the canonical text of the specification for any delivery', () => {
    fc.assert(
      fc.property(installmentWebhookArbitrary(), (payload) => {
        expect(keyOf(payload)).toBe(`v2:${sha256Hex(canonicalSpec(payload))}`)
      }),
      propertySettings(300),
    )
  })

  it.each([
    ['a status change', statusChangeWebhookArbitrary(), bookedInStatusChange],
    ['a bank-slip update', bankSlipUpdateWebhookArbitrary(), bookedInBankSlipUpdate],
  ] as const)('changes with every single change to a booked field of %s', (_variant, payloads, fields) => {
    const changed = new Set<string>()
    fc.assert(
      fc.property(bookedChangeArbitrary(payloads, fields), (change) => {
        const { payload, path, segments, value } = change!
        changed.add(path)
        expect([path, keyOf(setAt(payload, segments, value))]).not.toEqual([path, keyOf(payload)])
      }),
      propertySettings(1000),
    )
    // Every listed field was changed at least once: the property did not pass by never reaching one. (A run shortened
    // by FC_RUNS_SCALE, as under mutation testing, may not reach them all.)
    if (RUNS_SCALE >= 1) expect([...changed].sort()).toEqual(fields.map(([path]) => path).sort())
  })
})
