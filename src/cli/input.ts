// Reading the checker's inputs: files, `-` for stdin and gzip files, cut into payloads (one per line, or one per
// `.json` file) with memory bounded by the read size and the longest payload, never by the size of the input.
import { type FileHandle, open } from 'node:fs/promises'
import { isUtf8 } from 'node:buffer'
import type { Readable } from 'node:stream'
import { type Gunzip, createGunzip } from 'node:zlib'

/** One input named on the command line. */
export interface Input {
  /** The name as given: a path, or `-` for stdin. */
  readonly name: string
  /** Whether the bytes are gzip data, to be decompressed. */
  readonly gzip: boolean
  /** Whether the whole input is one payload (a `.json` file), rather than one payload per line. */
  readonly whole: boolean
}

/** One payload cut from an input: its line number (none for a whole-file payload) and its body. */
export interface Payload {
  readonly line: number | undefined
  /**
   * The payload, without the line's `\n` or `\r\n`: as text when its bytes are known to be UTF-8, as bytes
   * otherwise (which may or may not be UTF-8); `undefined` when it was longer than the limit.
   */
  readonly body: string | Buffer | undefined
  /** How many bytes the payload had; for a payload over the limit, the bytes it had when reading stopped counting. */
  readonly size: number
  /** True for a last line that ends without a newline, which is how a cut-short file ends. */
  readonly unterminated: boolean
}

/** An opened input: its chunks, and what the progress line shows. */
export interface Source {
  readonly chunks: AsyncIterable<Buffer>
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
// Small compressed reads bound what one write to zlib produces at once, about 20 times as much for NDJSON.
const GZIP_READ_BYTES = 16 * 1024
const GUNZIP_CHUNK_BYTES = 64 * 1024
const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d

const isBlank = (bytes: Buffer, start = 0, end = bytes.length): boolean => {
  for (let i = start; i < end; i++) {
    const byte = bytes[i]
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false
  }
  return true
}

/**
 * Cuts the chunks of an input into payloads, one at a time: each payload is handled before the next is cut, so none
 * outlives its turn (a batch of them would live long enough to be promoted to the old generation, and grow the heap).
 */
export interface PayloadCutter {
  /** Hands over the next chunk read; `next` then cuts it. The chunk may be reused once `next` returns `undefined`. */
  push(chunk: Buffer): void
  /** The next payload of the chunks pushed so far, or `undefined` when the next needs more bytes. */
  next(): Payload | undefined
  /** The payload left when the input ends: a last line without a newline, or a whole file. */
  end(): Payload | undefined
}

const withoutCarriageReturn = (bytes: Buffer): Buffer =>
  bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.subarray(0, -1) : bytes

/** Cuts chunks into lines, skipping blank lines; a line over `maxBytes` is counted, not kept. */
export class LineCutter implements PayloadCutter {
  private chunk: Buffer = Buffer.alloc(0)
  private start = 0
  // The lines of the current chunk from `textFrom` on are UTF-8 when `text` is true: they are handed out as text,
  // checked and decoded once per chunk rather than once per line.
  private text = false
  private textFrom = 0
  // The start of a line that spans chunks: its pieces, and its size so far (which keeps growing once over the limit).
  private pending: Buffer[] = []
  private pendingSize = 0

  /**
   * @param maxBytes the longest line kept, in bytes
   * @param line how many lines of the input come before the first one pushed, for the line numbers
   */
  constructor(
    private readonly maxBytes: number,
    private line = 0,
  ) {}

  push(chunk: Buffer): void {
    this.keepRest()
    this.chunk = chunk
    this.start = 0
    // The whole lines of the chunk: after the end of a line begun in an earlier chunk, up to the last newline.
    this.textFrom = this.pendingSize > 0 ? chunk.indexOf(NEWLINE) + 1 : 0
    const last = chunk.lastIndexOf(NEWLINE)
    this.text = this.textFrom > 0 || this.pendingSize === 0 ? isUtf8(chunk.subarray(this.textFrom, last + 1)) : false
  }

  next(): Payload | undefined {
    const { chunk, maxBytes } = this
    for (let end = chunk.indexOf(NEWLINE, this.start); end !== -1; end = chunk.indexOf(NEWLINE, this.start)) {
      const line = ++this.line
      const start = this.start
      this.start = end + 1
      if (this.pendingSize > 0) {
        const size = this.pendingSize + end - start
        const pending = this.pending
        this.pending = []
        this.pendingSize = 0
        if (size > maxBytes) return { line, body: undefined, size, unterminated: false }
        const bytes = withoutCarriageReturn(Buffer.concat([...pending, chunk.subarray(start, end)]))
        if (!isBlank(bytes)) return { line, body: bytes, size, unterminated: false }
        continue
      }
      const size = end - start
      if (size > maxBytes) return { line, body: undefined, size, unterminated: false }
      const last = end > start && chunk[end - 1] === CARRIAGE_RETURN ? end - 1 : end
      if (isBlank(chunk, start, last)) continue
      const body = this.text && start >= this.textFrom ? chunk.toString('utf8', start, last) : chunk.subarray(start, last)
      return { line, body, size, unterminated: false }
    }
    this.keepRest()
    return undefined
  }

  end(): Payload | undefined {
    this.keepRest()
    const { pending, pendingSize: size } = this
    if (size === 0) return undefined
    const line = ++this.line
    if (size > this.maxBytes) return { line, body: undefined, size, unterminated: true }
    const bytes = withoutCarriageReturn(Buffer.concat(pending))
    return isBlank(bytes) ? undefined : { line, body: bytes, size, unterminated: true }
  }

  /**
   * Keeps a copy of what is left of the current chunk, the start of a line that goes on in the next: the reader
   * may read the next chunk into the same memory.
   */
  private keepRest(): void {
    if (this.start >= this.chunk.length) return
    const rest = this.chunk.subarray(this.start)
    this.start = this.chunk.length
    this.pendingSize += rest.length
    // A line over the limit is only counted from here on; `pending` holds at most `maxBytes`.
    if (this.pendingSize <= this.maxBytes) this.pending.push(Buffer.from(rest))
    else this.pending = []
  }
}

/** Keeps a whole input as one payload, or counts its bytes once it is over `maxBytes`. */
export class WholeCutter implements PayloadCutter {
  private kept: Buffer[] = []
  private size = 0

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    this.size += chunk.length
    // A copy: the reader may read the next chunk into the same memory.
    if (this.size <= this.maxBytes) this.kept.push(Buffer.from(chunk))
    else this.kept = []
  }

  next(): undefined {
    return undefined
  }

  end(): Payload {
    const { size, maxBytes } = this
    return { line: undefined, body: size > maxBytes ? undefined : Buffer.concat(this.kept), size, unterminated: false }
  }
}

const describeOpenError = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'is a directory, not a file'
  return error instanceof Error ? error.message : String(error)
}

/**
 * Reads a plain file into two buffers in turn, over and over: each chunk is only valid until the next is asked for.
 * The next read is under way while the run checks the chunk before it, so the run does not stop to wait for the
 * disk (the wait was some 8% of a run over a file in the page cache).
 */
async function* readInto(handle: FileHandle, read: { bytes: number }): AsyncGenerator<Buffer> {
  // Two buffers for the whole file: a fresh buffer per read leaves freed memory that the allocator keeps, and RSS
  // grows tens of megabytes past the live data.
  const buffers = [Buffer.allocUnsafe(READ_BYTES), Buffer.allocUnsafe(READ_BYTES)]
  let turn = 0
  let reading = handle.read(buffers[turn], 0, READ_BYTES, null)
  for (;;) {
    const { bytesRead, buffer } = await reading
    if (bytesRead === 0) return
    read.bytes += bytesRead
    turn = 1 - turn
    reading = handle.read(buffers[turn], 0, READ_BYTES, null)
    // A read that fails while this chunk is checked is not left unhandled: the next call awaits it and throws.
    reading.catch(() => {})
    yield buffer.subarray(0, bytesRead)
  }
}

/**
 * Feeds a gzip file to `gunzip` from one reused buffer, a write at a time. Read as a stream instead, each
 * compressed chunk lives while its whole output is checked, long enough to reach V8's old generation, where it waits
 * for a full collection: a 1 GB input then peaked at about 110 MB of RSS, against about 60 MB this way.
 */
const pumpInto = async (gunzip: Gunzip, handle: FileHandle, read: { bytes: number }): Promise<void> => {
  const buffer = Buffer.allocUnsafe(GZIP_READ_BYTES)
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
    if (bytesRead === 0) break
    read.bytes += bytesRead
    // The callback comes once zlib has taken every byte, so the buffer can be read into again.
    await new Promise<void>((resolve, reject) =>
      gunzip.write(buffer.subarray(0, bytesRead), (error) => (error ? reject(error) : resolve())),
    )
  }
  gunzip.end()
}

const openFile = async (name: string): Promise<{ handle: FileHandle; size: number | undefined }> => {
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
  return { handle, size: stats.isFile() ? stats.size : undefined }
}

/**
 * Opens an input. Rejects with an {@link InputError} when it cannot be opened; a failure while reading (a bad
 * gzip stream, a disk error) surfaces from `chunks` as an error, after every chunk read before it.
 */
export const openInput = async (input: Input): Promise<Source> => {
  // stdin is a socket, a TTY or a file stream: each counts its `bytesRead`.
  const stdin = process.stdin as Readable & { bytesRead: number }
  if (input.name === '-') return { chunks: stdin, size: undefined, bytesRead: () => stdin.bytesRead, close: () => {} }
  const { handle, size } = await openFile(input.name)
  if (!input.gzip) {
    const read = { bytes: 0 }
    return {
      chunks: readInto(handle, read),
      size,
      bytesRead: () => read.bytes,
      close: () => void handle.close().catch(() => {}),
    }
  }
  const read = { bytes: 0 }
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES })
  void pumpInto(gunzip, handle, read).catch((error: unknown) => gunzip.destroy(error as Error))
  return {
    chunks: gunzip,
    size,
    bytesRead: () => read.bytes,
    close: () => {
      gunzip.destroy()
      void handle.close().catch(() => {})
    },
  }
}
