// Reading the checker's inputs: files and `-` for stdin, gzip data whatever the name, cut into payloads (one per
// line, or one per `.json` file) with memory bounded by the read size and the longest payload, never by the input.
import { type FileHandle, open } from 'node:fs/promises'
import { createGunzip } from 'node:zlib'

/**
 * One payload: its line number (none for a whole-file payload); its body without the line's `\n` or `\r\n`, or
 * `undefined` when it was over the limit; its size in bytes (as many as were counted, when over the limit); and
 * whether it is a last line without a newline, which is how a cut-short file ends.
 */
export type Payload = { readonly line: number | undefined; readonly body: Buffer | undefined; readonly size: number; readonly unterminated: boolean }

/** Why an input cannot be read at all: a message for the operator. */
export class InputError extends Error {}

// Large reads cut the per-chunk costs and stay far below the memory the checker may use.
const READ_BYTES = 1 << 20
const NEWLINE = 0x0a
const CARRIAGE_RETURN = 0x0d

const isBlank = (bytes: Buffer): boolean => {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0x20 && bytes[i] !== 0x09 && bytes[i] !== CARRIAGE_RETURN) return false
  return true
}

/**
 * Cuts chunks into lines, skipping blank lines, or with `whole` (a .json file) keeps the input as one payload. One over
 * `maxBytes` is counted, not kept.
 */
export class LineCutter {
  /** How many lines have been cut so far. */
  line = 0
  // The start of a line that goes on in the next chunk; its size keeps growing once it is over the limit.
  private readonly rest: Buffer[] = []
  private restSize = 0

  constructor(
    private readonly maxBytes: number,
    private readonly whole = false,
  ) {}

  /**
   * The payloads of `chunk`, each a view of it, handed out one at a time: each is judged before the next is cut,
   * so none outlives its turn. What is left at its end is copied, so the chunk's memory can be reused.
   */
  *cut(chunk: Buffer): Generator<Payload> {
    let start = 0
    for (let end = this.whole ? -1 : chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      const payload = this.payloadOf(chunk.subarray(start, end), false)
      start = end + 1
      if (payload !== undefined) yield payload
    }
    if (start === chunk.length) return
    this.restSize += chunk.length - start
    if (this.restSize <= this.maxBytes) this.rest.push(Buffer.from(chunk.subarray(start)))
    else this.rest.length = 0
  }

  /** The last line, when the input ends without a newline; the whole input, with `whole`. */
  end(): Payload | undefined {
    return this.restSize > 0 || this.whole ? this.payloadOf(Buffer.alloc(0), !this.whole) : undefined
  }

  private payloadOf(piece: Buffer, unterminated: boolean): Payload | undefined {
    const line = this.whole ? undefined : ++this.line
    const size = this.restSize + piece.length
    const bytes = size > this.maxBytes ? undefined : this.restSize > 0 ? Buffer.concat([...this.rest, piece]) : piece
    this.rest.length = 0
    this.restSize = 0
    // A whole file is judged whatever it holds; a blank line is skipped.
    if (bytes === undefined || this.whole) return { line, body: bytes, size, unterminated }
    const body = bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.subarray(0, -1) : bytes
    return isBlank(body) ? undefined : { line, body, size, unterminated }
  }
}

/**
 * Reads a file into two buffers in turn: the next read is under way while the chunk before it is checked, and a chunk
 * is valid until the one after it is asked for. Fresh memory per read would leave freed memory the allocator keeps.
 */
async function* readFile(handle: FileHandle, read: { bytes: number }): AsyncGenerator<Buffer> {
  const buffers = [Buffer.allocUnsafe(READ_BYTES), Buffer.allocUnsafe(READ_BYTES)]
  let reading = handle.read(buffers[0], 0, READ_BYTES, null)
  for (let turn = 1; ; turn = 1 - turn) {
    const { bytesRead, buffer } = await reading
    if (bytesRead === 0) return
    read.bytes += bytesRead
    reading = handle.read(buffers[turn], 0, READ_BYTES, null)
    // A read that fails while this chunk is checked is not left unhandled: the next call awaits it and throws.
    reading.catch(() => {})
    yield buffer.subarray(0, bytesRead)
  }
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value
}

/**
 * Decompresses `chunks`. Each goes to zlib only once it has taken the one before, so a reused buffer is not
 * overwritten while zlib reads it, and a slow reader of the output slows the reads.
 */
const gunzip = (chunks: AsyncIterable<Buffer>): AsyncIterator<Buffer> => {
  const stream = createGunzip({ chunkSize: 64 * 1024 })
  const pump = async (): Promise<void> => {
    for await (const chunk of chunks) await new Promise<void>((resolve, reject) => stream.write(chunk, (error) => (error ? reject(error) : resolve())))
    stream.end()
  }
  pump().catch((error: unknown) => stream.destroy(error as Error))
  return stream[Symbol.asyncIterator]()
}

/** What went wrong opening or reading an input, for the operator. */
export const describeError = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  const message = error instanceof Error ? error.message : String(error)
  return code === undefined || message.includes(code) ? message : `${message} (${code})`
}

/**
 * Opens an input: a file, or `-` for stdin. Rejects with an {@link InputError} when it cannot be opened; a failure
 * while reading (a bad gzip stream, a disk error) surfaces from `chunks`, after every chunk read before it.
 */
export const openInput = async (name: string) => {
  let handle: FileHandle | undefined
  let size: number | undefined
  if (name !== '-') {
    handle = await open(name, 'r').catch((error: unknown) => {
      throw new InputError(`cannot open: ${describeError(error)}`)
    })
    const stats = await handle.stat()
    if (stats.isDirectory()) {
      await handle.close()
      throw new InputError('cannot read: is a directory, not a file')
    }
    size = stats.isFile() ? stats.size : undefined
  }
  const read = { bytes: 0 }
  const raw = handle === undefined ? process.stdin[Symbol.asyncIterator]() : readFile(handle, read)
  // Gzip data starts with the bytes 1f 8b, which no JSON text does; the first chunk of a pipe may be one byte.
  let first: IteratorResult<Buffer> = await raw.next()
  if (first.done !== true && first.value.length < 2) {
    const second = await raw.next()
    if (second.done !== true) first = { value: Buffer.concat([first.value, second.value]) }
  }
  const plain = first.done === true ? undefined : prepend(first.value, raw)
  const chunks = plain === undefined ? raw : first.value[0] === 0x1f && first.value[1] === 0x8b ? gunzip(plain) : plain
  return {
    chunks,
    size,
    bytesRead: () => (handle === undefined ? process.stdin.bytesRead : read.bytes),
    close: () => {
      // Ending the iteration of the gunzip stream destroys it.
      void chunks.return?.()
      handle?.close().catch(() => {})
    },
  }
}
