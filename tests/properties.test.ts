import fc from 'fast-check'
import { isDeepStrictEqual } from 'node:util'
import {
  type InstallmentWebhookError,
  type InstallmentWebhookErrorCode,
  decodeInstallmentWebhook,
  isInstallmentWebhookError,
} from '../src'
import {
  brokenWebhookArbitrary,
  cloneJson,
  defineOwn,
  installmentWebhookArbitrary,
  mutatedWebhookArbitrary,
  positionsOf,
} from './arbitraries'
import { propertySettings } from './property-settings'

// What the decoder says when reading a value handed in directly threw; JSON text can never get there.
const THREW_WHILE_READ = 'a value that threw while it was read'

// Every code, checked by the compiler against the union: a code added to it must be added here.
const errorCodes: Record<InstallmentWebhookErrorCode, true> = {
  INVALID_JSON: true,
  NOT_AN_OBJECT: true,
  ENCODED_BODY: true,
  UNSUPPORTED_WEBHOOK_TYPE: true,
  UNKNOWN_STATUS: true,
  INVALID_PAYLOAD: true,
}

/**
 * Asserts the contract every Left keeps: a known code, at least one issue and at most 100 (the rest counted), and
 * bounded, value-free text.
 */
const expectBoundedError = (error: InstallmentWebhookError): void => {
  expect(isInstallmentWebhookError(error)).toBe(true)
  expect(Object.keys(errorCodes)).toContain(error.code)
  expect(error.issues.length).toBeGreaterThan(0)
  expect(error.issues.length).toBeLessThanOrEqual(100)
  expect(Number.isInteger(error.omittedIssues) && error.omittedIssues >= 0).toBe(true)
  if (error.omittedIssues > 0) expect(error.issues).toHaveLength(100)
  expect(error.message.length).toBeLessThan(1000)
  expect(error.issues.reduce((longest, i) => Math.max(longest, i.received.length), 0)).toBeLessThan(100)
}

/** Decodes, asserting it returns (never throws) a Left or a Right; a Left must keep the bounded error contract. */
const decode = (body: unknown) => {
  const result = decodeInstallmentWebhook(body)
  expect(['Left', 'Right']).toContain(result._tag)
  if (result._tag === 'Left') expectBoundedError(result.left)
  return result
}

/** Decodes text or bytes: nothing in them can throw while read, so the catch-all must never be what answered. */
const decodeText = (body: string | Uint8Array | ArrayBuffer) => {
  const result = decode(body)
  if (result._tag === 'Left') expect(result.left.issues.map((i) => i.received)).not.toContain(THREW_WHILE_READ)
  return result
}

const jsonText = (value: unknown): string => JSON.stringify(value)

describe('decodeInstallmentWebhook on any input', () => {
  it('returns a Left or a Right and never throws for any JSON value, as text or handed in directly', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        decode(value)
        decodeText(jsonText(value))
      }),
      propertySettings(1000),
    )
  })

  it('returns a Left or a Right and never throws for any string, with or without a byte order mark', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json().map((s) => s.slice(0, -1))),
        fc.boolean(),
        (text, bom) => {
          decodeText(bom ? `\uFEFF${text}` : text)
        },
      ),
      propertySettings(1000),
    )
  })

  it('returns a Left or a Right and never throws for any bytes as a Buffer, a Uint8Array or an ArrayBuffer', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.json().map((s) => new Uint8Array(Buffer.from(s)))), (bytes) => {
        decodeText(bytes)
        decodeText(Buffer.from(bytes))
        decodeText(bytes.slice().buffer)
      }),
      propertySettings(1000),
    )
  })

  it('gives the same answer for any text as a string and as its UTF-8 bytes, byte order marks included', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.json({ stringUnit: 'grapheme' }),
      installmentWebhookArbitrary().map(jsonText),
      mutatedWebhookArbitrary().map(jsonText),
    )
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), texts, (boms, body) => {
        const withBoms = `${'\uFEFF'.repeat(boms)}${body}`
        const fromString = decodeText(withBoms)
        const fromBytes = decodeText(Buffer.from(withBoms, 'utf8'))
        expect(fromBytes._tag).toBe(fromString._tag)
        if (fromString._tag === 'Left' && fromBytes._tag === 'Left') {
          expect(fromBytes.left.code).toBe(fromString.left.code)
          expect(fromBytes.left.issues.map((i) => i.path)).toEqual(fromString.left.issues.map((i) => i.path))
        }
      }),
      propertySettings(1000),
    )
  })

  it('returns a Left or a Right and never throws for payloads with any one value anywhere removed or replaced', () => {
    fc.assert(
      fc.property(mutatedWebhookArbitrary(), (payload) => {
        const text = jsonText(payload)
        const fromText = decodeText(text)
        const direct = decode(payload)
        expect(direct._tag).toBe(fromText._tag)
      }),
      propertySettings(1000),
    )
  })
})

describe('decodeInstallmentWebhook on valid payloads', () => {
  it('decodes any valid payload of both variants, with extra fields and unknown enumerators, to a Right deep-equal to the input', () => {
    fc.assert(
      fc.property(installmentWebhookArbitrary(), (payload) => {
        const text = jsonText(payload)
        const fromText = decodeText(text)
        expect(fromText._tag).toBe('Right')
        expect(fromText._tag === 'Right' && isDeepStrictEqual(fromText.right, JSON.parse(text))).toBe(true)
        const fromBytes = decodeText(Buffer.from(text))
        expect(fromBytes._tag === 'Right' && isDeepStrictEqual(fromBytes.right, JSON.parse(text))).toBe(true)
        // Handed in directly, the payload itself comes back, unchanged.
        const direct = decode(payload)
        expect(direct._tag === 'Right' && direct.right).toBe(payload)
        expect(jsonText(payload)).toBe(text)
      }),
      propertySettings(1000),
    )
  })
})

describe('decodeInstallmentWebhook on payloads with one broken required field', () => {
  it('gives INVALID_PAYLOAD with exactly the path of the one required field removed or given a wrong type', () => {
    fc.assert(
      fc.property(brokenWebhookArbitrary(), ({ payload, path }) => {
        const text = jsonText(payload)
        for (const body of [text, Buffer.from(text)]) {
          const result = decodeText(body)
          if (result._tag === 'Right') throw new Error(`decoded although ${path} is broken`)
          expect(result.left.code).toBe('INVALID_PAYLOAD')
          expect(result.left.issues.map((i) => i.path)).toEqual([path])
        }
        const direct = decode(payload)
        if (direct._tag === 'Right') throw new Error(`decoded although ${path} is broken`)
        expect(direct.left.issues.map((i) => i.path)).toEqual([path])
        expect(direct.left.payload).toBe(payload)
      }),
      propertySettings(1000),
    )
  })
})

// Keys that would give an object an attacker-chosen prototype if a decoder copied with assignment semantics, and the
// properties an attacker hopes the decoded objects inherit.
const hostileKeys = ['__proto__', 'constructor', 'prototype'] as const
const attackerMarkers = ['polluted', 'isAdmin'] as const

const attackerValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null).map(() => ({ polluted: 'yes', isAdmin: true, toString: 'x', hasOwnProperty: 1 })),
  fc.constant(null).map(() => {
    const inner = { polluted: 'yes' }
    const value = { isAdmin: true }
    defineOwn(value, '__proto__', inner)
    return value
  }),
  fc.jsonValue({ maxDepth: 1 }),
)

/** A payload (valid, broken or mutated) with `__proto__`, `constructor` or `prototype` keys added to some of its objects. */
const payloadWithHostileKeys = fc
  .oneof(
    installmentWebhookArbitrary(),
    brokenWebhookArbitrary().map((b) => b.payload),
    mutatedWebhookArbitrary(),
  )
  .chain((payload) => {
    const objects: Array<Array<string | number>> = [[]]
    for (const at of positionsOf(payload)) {
      let node: any = payload
      for (const s of at) node = node[s]
      if (typeof node === 'object' && node !== null && !Array.isArray(node)) objects.push(at)
    }
    const injection = fc.tuple(fc.constantFrom(...objects), fc.constantFrom(...hostileKeys), attackerValue)
    // The last injection is always a `__proto__` key, the one a copying decoder would turn into a prototype.
    const lastProto = fc.tuple(fc.constantFrom(...objects), fc.constant('__proto__'), attackerValue)
    return fc.tuple(fc.array(injection, { maxLength: 3 }), lastProto).map(([injections, last]) => {
      const copy = cloneJson(payload)
      for (const [at, key, value] of [...injections, last]) {
        let node: any = copy
        for (const s of at) node = typeof node === 'object' && node !== null ? node[s] : undefined
        // An earlier injection may have replaced this object; then the key goes to the body itself.
        if (typeof node !== 'object' || node === null) node = copy
        defineOwn(node, key, value)
      }
      return copy
    })
  })

/** Asserts every object and array in `root` has the standard prototype and inherits no attacker property. */
const expectStandardPrototypes = (root: unknown): void => {
  const stack = [root]
  while (stack.length > 0) {
    const node = stack.pop()
    if (typeof node !== 'object' || node === null) continue
    expect(Object.getPrototypeOf(node)).toBe(Array.isArray(node) ? Array.prototype : Object.prototype)
    for (const marker of attackerMarkers) {
      if (marker in node) expect(Object.prototype.hasOwnProperty.call(node, marker)).toBe(true)
    }
    stack.push(...Object.values(node))
  }
}

const snapshotPrototype = (proto: object) =>
  Reflect.ownKeys(proto).map((key) => [key, Object.getOwnPropertyDescriptor(proto, key)] as const)

describe('decodeInstallmentWebhook on payloads with __proto__ and constructor keys', () => {
  it('keeps Object.prototype as every decoded object prototype, inherits no attacker property and leaves Object.prototype unchanged', () => {
    const objectPrototypeBefore = snapshotPrototype(Object.prototype)
    const arrayPrototypeBefore = snapshotPrototype(Array.prototype)
    fc.assert(
      fc.property(payloadWithHostileKeys, (payload) => {
        const text = jsonText(payload)
        for (const body of [text, Buffer.from(text), JSON.parse(text) as unknown]) {
          const result = typeof body === 'string' || body instanceof Uint8Array ? decodeText(body) : decode(body)
          expectStandardPrototypes(result._tag === 'Right' ? result.right : result.left.payload)
        }
      }),
      propertySettings(500),
    )
    expect(snapshotPrototype(Object.prototype)).toEqual(objectPrototypeBefore)
    expect(snapshotPrototype(Array.prototype)).toEqual(arrayPrototypeBefore)
    for (const marker of attackerMarkers) expect(marker in {}).toBe(false)
  })
})
