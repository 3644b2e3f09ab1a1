// Reading the checker's inputs: files, `-` for stdin and gzip files, cut into payloads (one per line, or one per
// `.json` file) with memory bounded by the read size and the longest payload, never by the size of the input.
import { open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'

/** One input named on the command line. */
export interface Input {
  /** The name as given: a path, or `-` for stdin. */
  readonly name: string
  /** Whether the bytes are gzip data, to be decompressed. */
  readonly gzip: boolean
  /** Whether the whole input is one payload (a `.json` file), rather than one payload per line. */
  readonly whole: boolean
}

/** One payload cut from an input: its line number (none for a whole-file payload) and its bytes. */
export interface Payload {
  readonly line: number | undefined
  /** The payload's bytes, without the line's `\n` or `\r\n`; `undefined` when it was longer than the limit. */
  readonly bytes: Buffer | undefined
  /** How many bytes the payload had; for a payload over the limit, the bytes it had when reading stopped counting. */
  readonly size: number
  /** True for a last line that ends without a newline, which is how a cut-short file ends. */
  readonly unterminated: boolean
}

/** An opened input: its payloads in batches (one per chunk read), and what the progress line shows. */
export interface Source {
  readonly batches: AsyncIterable<ReadonlyArray<Payload>>
  /** The size in bytes of the file being read (compressed, for gzip), when it is known in advance. */
  readonly size: number | undefined
  /** How many bytes have been read from the file or stdin so far (compressed, for gzip). */
  bytesRead(): number
  /** Stops reading and releases the file. */
  close(): void
}

/** Why an input cannot be read at all: a message for the operator. */
export class InputError extends Error {}

// Large reads cut the per-chunk costs; a megabyte keeps the memory the reader holds far below the RSS budget.
const READ_BYTES = 1 << 20
const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d

const isBlank = (bytes: Buffer): boolean => {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false
  }
  return true
}

/** Cuts a stream of chunks into lines, skipping blank lines; a line over `maxBytes` is counted, not kept. */
export async function* splitLines(chunks: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Payload[]> {
  let line = 0
  // The start of a line that spans chunks: its pieces, and its size so far (which keeps growing once over the limit).
  let pending: Buffer[] = []
  let pendingSize = 0
  for await (const chunk of chunks) {
    const batch: Payload[] = []
    let start = 0
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      line++
      let bytes = chunk.subarray(start, end)
      start = end + 1
      let size = bytes.length
      if (pendingSize > 0) {
        size += pendingSize
        bytes = size > maxBytes ? bytes : Buffer.concat([...pending, bytes])
        pending = []
        pendingSize = 0
      }
      if (size > maxBytes) {
        batch.push({ line, bytes: undefined, size, unterminated: false })
        continue
      }
      if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1)
      if (!isBlank(bytes)) batch.push({ line, bytes, size, unterminated: false })
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start)
      pendingSize += rest.length
      // A line over the limit is only counted from here on; `pending` holds at most `maxBytes`.
      if (pendingSize <= maxBytes) pending.push(rest)
      else pending = []
    }
    yield batch
  }
  if (pendingSize === 0) return
  line++
  if (pendingSize > maxBytes) {
    yield [{ line, bytes: undefined, size: pendingSize, unterminated: true }]
    return
  }
  let bytes = Buffer.concat(pending)
  if (bytes[bytes.length - 1] === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1)
  if (!isBlank(bytes)) yield [{ line, bytes, size: pendingSize, unterminated: true }]
}

/** Reads a whole input as one payload, or counts its bytes once it is over `maxBytes`. */
async function* readWhole(chunks: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Payload[]> {
  const kept: Buffer[] = []
  let size = 0
  for await (const chunk of chunks) {
    size += chunk.length
    if (size <= maxBytes) kept.push(chunk)
    else kept.length = 0
    yield []
  }
  yield [{ line: undefined, bytes: size > maxBytes ? undefined : Buffer.concat(kept), size, unterminated: false }]
}

const describeOpenError = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'is a directory, not a file'
  return error instanceof Error ? error.message : String(error)
}

/** The bytes of a file, or of stdin for `-`, as a stream, and the file's size when it is a regular file. */
const openBytes = async (name: string): Promise<{ stream: Readable & { bytesRead: number }; size: number | undefined }> => {
  if (name === '-') {
    // stdin is a socket, a TTY or a file stream: each counts its `bytesRead`.
    const stream = process.stdin as unknown as Readable & { bytesRead: number }
    return { stream, size: undefined }
  }
  let handle
  try {
    handle = await open(name, 'r')
  } catch (error) {
    throw new InputError(`cannot open: ${describeOpenError(error)}`)
  }
  const stats = await handle.stat()
  if (stats.isDirectory()) {
    await handle.close()
    throw new InputError('cannot read: is a directory, not a file')
  }
  const stream = handle.createReadStream({ highWaterMark: READ_BYTES })
  return { stream, size: stats.isFile() ? stats.size : undefined }
}

/**
 * Opens an input. Rejects with an {@link InputError} when it cannot be opened; a failure while reading (a bad
 * gzip stream, a disk error) surfaces from `batches` as an error, after every payload read before it.
 */
export const openInput = async (input: Input, maxBytes: number): Promise<Source> => {
  const { stream, size } = await openBytes(input.name)
  let chunks: Readable = stream
  if (input.gzip) {
    const gunzip = createGunzip({ chunkSize: 64 * 1024 })
    // `pipe` does not pass the source's errors on.
    stream.on('error', (error) => gunzip.destroy(error))
    chunks = stream.pipe(gunzip)
  }
  const batches = (input.whole ? readWhole : splitLines)(chunks, maxBytes)
  return {
    batches,
    size,
    bytesRead: () => stream.bytesRead,
    close: () => {
      chunks.destroy()
      if (stream !== process.stdin) stream.destroy()
    },
  }
}
