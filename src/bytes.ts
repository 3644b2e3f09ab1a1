// Internal: the one reading of "a body given as bytes", shared by the decoder and the signature check. Not
// re-exported.

// By tag rather than `instanceof`, so an ArrayBuffer from another realm (a `vm` context, a worker) or a
// SharedArrayBuffer counts too.
const isArrayBufferLike = (value: unknown): value is ArrayBufferLike => {
  const tag = Object.prototype.toString.call(value)
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]'
}

/**
 * The bytes of a body given as an `ArrayBuffer`, a `SharedArrayBuffer`, a `Buffer` or any other typed array or
 * `DataView`, as a view over the same memory (no copy); `undefined` for anything else.
 */
export const bytesOf = (body: unknown): Uint8Array | undefined => {
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  if (isArrayBufferLike(body)) return new Uint8Array(body)
  return undefined
}
