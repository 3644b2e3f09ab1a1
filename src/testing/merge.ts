import type * as t from 'io-ts'

/**
 * Overrides for a payload: every field optional at every depth, with plain strings and numbers where the payload
 * has branded ones (`due_date: '2024-01-31'` needs no cast). Objects merge key by key; an array or a `null`
 * replaces the value it overrides.
 */
export type WebhookOverrides<T> =
  T extends t.Brand<unknown>
    ? T extends string
      ? string
      : T extends number
        ? number
        : T
    : T extends string | number | boolean | null | undefined
      ? T
      : T extends ReadonlyArray<infer E>
        ? ReadonlyArray<WebhookOverrides<E>>
        : { readonly [K in keyof T]?: WebhookOverrides<T[K]> }

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]'

/**
 * A new value: `base` with `overrides` merged in. Plain objects merge recursively; anything else in `overrides`
 * (arrays, `null`, scalars) replaces; `undefined` leaves the base value. Neither input is changed, and a
 * `__proto__` key in the overrides is ignored rather than allowed to change a prototype.
 */
export const deepMerge = (base: unknown, overrides: unknown): unknown => {
  if (overrides === undefined) return base
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides
  const merged: Record<string, unknown> = { ...base }
  for (const key of Object.keys(overrides)) {
    if (key === '__proto__') continue
    merged[key] = deepMerge(base[key], overrides[key])
  }
  return merged
}
