import { createHash } from 'node:crypto'
import { bytesOf } from '../bytes'

/** The raw request body as received: text, or bytes (`Buffer`, `Uint8Array`, any typed array, `ArrayBuffer`). */
export type RawBody = string | Uint8Array | ArrayBuffer

/**
 * A private copy of the bytes of a raw body (a string is taken as UTF-8), or `undefined` when `body` is not a raw
 * body. Copying means the bytes that were hashed are the bytes that get decoded, even if the caller's buffer changes.
 */
export const copyRawBody = (body: unknown): Uint8Array | undefined => {
  if (typeof body === 'string') return new TextEncoder().encode(body)
  return bytesOf(body)?.slice()
}

/** The lowercase hex MD5 of `bytes`, as QI Tech puts it in the `payload_md5` claim. */
export const md5Hex = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex')
