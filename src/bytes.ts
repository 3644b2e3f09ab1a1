// Internal: the one reading of "a body given as bytes", shared by the decoder and the signature check.

/**
 * The bytes of a body given as an `ArrayBuffer`, a `SharedArrayBuffer`, a `Buffer` or any other typed array or
 * `DataView`, as a view over the same memory (no copy); `undefined` for anything else.
 */
export const bytesOf = (body: unknown): Uint8Array | undefined => {
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  // By tag rather than `instanceof`, so an ArrayBuffer from another realm (a `vm` context, a worker) or a
  // SharedArrayBuffer counts too.
  const tag = Object.prototype.toString.call(body)
  const isBuffer = tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]'
  return isBuffer ? new Uint8Array(body as ArrayBufferLike) : undefined
}
