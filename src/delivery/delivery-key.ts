import { sha256 } from '@noble/hashes/sha2'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils'
import type { InstallmentWebhook } from 'qitech-installment-webhooks'

// Changing what the canonical text is made of changes the key of some deliveries: bump KEY_SCHEME with it, so keys
// of two compositions never meet in one table by accident.
const KEY_SCHEME = 'v2'

/** Fields that may change between two sendings of one delivery: left out of the canonical text, at any depth. */
const LEFT_OUT: ReadonlySet<string> = /* @__PURE__ */ new Set(['translation_path', 'workdays', 'calendar_days'])

/** An object's or a list's text being written: its entries (sorted keys, or items) and the texts done so far. */
interface Frame {
  readonly value: object
  readonly keys: ReadonlyArray<string> | undefined
  readonly length: number
  readonly parts: string[]
}

/** The text of a value that holds no other; `undefined` for an object or a list. */
const scalarText = (value: unknown): string | undefined => {
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value)
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null'
  return typeof value === 'object' && value !== null ? undefined : 'null'
}

const open = (value: object): Frame => {
  if (Array.isArray(value)) return { value, keys: undefined, length: value.length, parts: [] }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
    .filter((key) => record[key] !== null && record[key] !== undefined && !LEFT_OUT.has(key))
    .sort()
  return { value, keys, length: keys.length, parts: [] }
}

/**
 * The canonical text of a JSON value: objects with their keys sorted and their `null` fields left out (absent and
 * `null` are the same), lists with their items sorted by text (the order in which QI Tech lists them is not kept),
 * and no field named in {@link LEFT_OUT}. A loop over an explicit stack, not recursion: an unknown field may hold
 * JSON nested as deep as the decoder accepts (100,000 levels and more), and this must not overflow the call stack.
 * An object met again inside itself (possible only in a value not parsed from JSON) is written as `null`.
 */
export const canonicalText = (root: unknown): string => {
  const rootText = scalarText(root)
  if (rootText !== undefined) return rootText
  const stack: Frame[] = [open(root as object)]
  const ancestors = new Set<object>([root as object])
  for (;;) {
    const frame = stack[stack.length - 1]
    const { parts, keys } = frame
    let text: string | undefined
    let key: string | undefined
    if (parts.length < frame.length) {
      key = keys?.[parts.length]
      const value: unknown = key === undefined ? (frame.value as unknown[])[parts.length] : (frame.value as Record<string, unknown>)[key]
      text = scalarText(value) ?? (ancestors.has(value as object) ? 'null' : undefined)
      if (text === undefined) {
        stack.push(open(value as object))
        ancestors.add(value as object)
        continue
      }
    } else {
      text = keys === undefined ? `[${parts.sort().join(',')}]` : `{${parts.join(',')}}`
      stack.pop()
      ancestors.delete(frame.value)
      if (stack.length === 0) return text
      const parent = stack[stack.length - 1]
      key = parent.keys?.[parent.parts.length]
    }
    stack[stack.length - 1].parts.push(key === undefined ? text : `${JSON.stringify(key)}:${text}`)
  }
}

/**
 * A key that identifies one delivery: the same for every retry of it, in any process, and different for any two
 * deliveries that differ in any field, including fields this version does not know. QI Tech sends no delivery id:
 * make this the primary key of the table of deliveries. It is `v2:` and the SHA-256 (64 hex digits) of the
 * delivery's canonical text, so it fits any index; the prefix changes with the composition, so keys of two versions
 * never collide (`v1:` keys counted only the fields 0.3 typed).
 *
 * The canonical text is the delivery as JSON with:
 * - the keys of every object sorted, and fields that are `null` left out, as if absent;
 * - the items of every list sorted by their own canonical text, so the order QI Tech lists them in does not count;
 * - no field named `translation_path` (an enumerator's label), `workdays` or `calendar_days` (days counted to the due
 *   date, which may change between two sendings of one delivery), at any depth.
 *
 * So a retry has the same key however it was re-serialized (key order, whitespace, list order, a field absent or
 * `null`), and a delivery that differs in anything else, a field QI Tech added included, has another. Work grows
 * with the size of the delivery only: a value nested 100,000 deep in an unknown field is keyed without recursion.
 * @example
 * import { decodeInstallmentWebhook } from 'qitech-installment-webhooks'
 * import { installmentDeliveryKey } from 'qitech-installment-webhooks/delivery'
 * declare const rawBody: string
 * const result = decodeInstallmentWebhook(rawBody)
 * if (result._tag === 'Right') {
 *   const deliveryKey = installmentDeliveryKey(result.right) // 'v2:3f7c…', 67 characters
 *   // INSERT INTO deliveries (delivery_key, body) VALUES ($1, $2) ON CONFLICT (delivery_key) DO NOTHING
 * }
 */
export const installmentDeliveryKey = (webhook: InstallmentWebhook): string =>
  `${KEY_SCHEME}:${bytesToHex(sha256(utf8ToBytes(canonicalText(webhook))))}`
