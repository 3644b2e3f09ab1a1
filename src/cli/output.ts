// One result per payload, as a text line or an NDJSON record, gathered and written in large pieces: a write per
// payload would cost more than some payloads take to decode.
import type { Outcome } from './check'

/** `text`: one line per payload for a reader; `json`: one JSON record per payload for a pipeline. */
export type Format = 'text' | 'json'

/** Where a payload came from: the input's name, and the line (none for a whole-file payload). */
export interface Place {
  readonly file: string
  readonly line: number | undefined
}

const CUT_SHORT = 'the last line ends without a newline: was the input cut short?'
// Past this many, the keys of a bank-slip update are counted in a text line rather than listed (JSON lists all).
const KEYS_IN_TEXT = 5
// Results gather in one buffer, reused for the whole run, and are written at the end of every chunk read. Gathered
// in strings instead, the text results of a 1 GB input took peak RSS from about 62 MB to about 86 MB.
const OUTPUT_BYTES = 256 * 1024
// The most UTF-8 bytes one UTF-16 code unit can take.
const MAX_UTF8_BYTES_PER_UNIT = 3

// Line numbers are not written with `${line}`: V8 caches the strings that number conversion makes, and the cache
// keeps each one alive until a full collection; one new string per line then grows the heap, and RSS with it, by
// tens of megabytes on a large input. Two digits at a time from a table is also quicker than `toFixed`.
const DIGIT_PAIRS = Array.from({ length: 100 }, (_, n) => `${n < 10 ? '0' : ''}${n}`)
const digitsOf = (line: number): string => {
  let digits = ''
  let rest = line
  while (rest >= 100) {
    digits = DIGIT_PAIRS[rest % 100] + digits
    rest = Math.floor(rest / 100)
  }
  return (rest < 10 ? DIGIT_PAIRS[rest][1] : DIGIT_PAIRS[rest]) + digits
}

const labelOf = ({ file, line }: Place): string => (line === undefined ? file : `${file}:${digitsOf(line)}`)

const keysText = (keys: ReadonlyArray<string>): string =>
  keys.length <= KEYS_IN_TEXT
    ? keys.join(',')
    : `${keys.slice(0, KEYS_IN_TEXT).join(',')} (and ${keys.length - KEYS_IN_TEXT} more)`

const isJson = (body: string | Buffer): boolean => {
  try {
    JSON.parse(body.toString())
    return true
  } catch {
    return false
  }
}

/**
 * The note for a failed payload that is the input's last line, has no newline and is not JSON: how a file cut
 * short mid-line ends, which the failure alone would not say.
 */
export const noteFor = (outcome: Outcome, body: string | Buffer | undefined, unterminated: boolean): string | undefined =>
  unterminated && !outcome.ok && body !== undefined && !isJson(body) ? CUT_SHORT : undefined

/** The text line of one payload, without its newline. */
export const textLine = (place: Place, outcome: Outcome, note: string | undefined): string => {
  const label = labelOf(place)
  if (outcome.ok) return `${label}: ${outcome.status} ${keysText(outcome.installmentKeys)} ok`
  return `${label}: ${outcome.code} ${outcome.detail}${note === undefined ? '' : ` (${note})`}`
}

/** The NDJSON record of one payload, without its newline. */
export const jsonLine = (fileJson: string, line: number | undefined, outcome: Outcome, note: string | undefined): string => {
  const head = `{"file":${fileJson},"line":${line === undefined ? 'null' : digitsOf(line)}`
  if (outcome.ok) {
    // Built by hand: the status is one of a closed list of plain words, and this is the line most payloads get.
    return `${head},"ok":true,"outcome":"ok","status":"${outcome.status}","installment_keys":${JSON.stringify(
      outcome.installmentKeys,
    )},"code":null,"detail":null,"issues":[]}`
  }
  const { kind, code, detail, issues } = outcome
  const rest = JSON.stringify({ ok: false, outcome: kind, status: null, installment_keys: [], code, detail, issues, ...(note === undefined ? {} : { note }) })
  return `${head},${rest.slice(1)}`
}

/** Where results are written: stdout, or a buffer for a batch judged apart from the run. */
export interface Sink {
  write(chunk: Buffer | string, callback?: (error?: Error | null) => void): boolean
}

/** The results of one run, gathered and written to `stream`. */
export class Output {
  private used = 0
  // A write made straight from `add` or `addWritten`, which `flush` waits for as it waits for its own.
  private written: Promise<void> | undefined
  private fileName = ''
  private fileJson = '""'

  /**
   * @param buffer where results gather before they are written; by default a buffer of the output's own. A batch
   *   judged apart from the run gathers its results in the memory its lines came in, after the lines.
   */
  constructor(
    private readonly stream: Sink,
    private readonly format: Format,
    private readonly quiet: boolean,
    private readonly buffer: Buffer = Buffer.allocUnsafe(OUTPUT_BYTES),
  ) {}

  /** Adds the result of one payload (nothing for a payload that decoded, under `--quiet`). */
  add(place: Place, outcome: Outcome, note: string | undefined): void {
    if (this.quiet && outcome.ok) return
    if (this.format === 'text') {
      this.append(`${textLine(place, outcome, note)}\n`)
      return
    }
    if (place.file !== this.fileName) {
      this.fileName = place.file
      this.fileJson = JSON.stringify(place.file)
    }
    this.append(`${jsonLine(this.fileJson, place.line, outcome, note)}\n`)
  }

  /**
   * Adds results already written out, by a batch judged apart from the run. They are copied: their memory may be
   * filled again as soon as this returns, while the stream may take a write later.
   */
  addWritten(bytes: Buffer): void {
    if (this.makeRoom(bytes.length)) this.used += bytes.copy(this.buffer, this.used)
    else this.writeNow(Buffer.from(bytes))
  }

  /**
   * Hands over the results gathered and not yet written, instead of writing them: a view of the buffer, valid until
   * the next result is added. What was written before them has gone to the stream.
   */
  takeGathered(): Buffer {
    const gathered = this.buffer.subarray(0, this.used)
    this.used = 0
    return gathered
  }

  /** Whether results are waiting to be written. */
  get pending(): boolean {
    return this.used > 0
  }

  /**
   * Writes what has gathered, and waits until the stream has taken it and every write before it, so the buffer can
   * be reused and a slow reader slows the run rather than fill memory.
   */
  async flush(): Promise<void> {
    if (this.used > 0) {
      const bytes = this.buffer.subarray(0, this.used)
      this.used = 0
      this.writeNow(bytes)
    }
    const written = this.written
    this.written = undefined
    await written
  }

  /** Writes `chunk` at once; `flush` waits until the stream has taken it (a stream takes its writes in order). */
  private writeNow(chunk: Buffer | string): void {
    // The callback also comes with an error (a reader that went away); the stream's 'error' event deals with it.
    this.written = new Promise<void>((resolve) => this.stream.write(chunk, () => resolve()))
  }

  private append(text: string): void {
    if (this.makeRoom(text.length * MAX_UTF8_BYTES_PER_UNIT)) this.used += this.buffer.write(text, this.used)
    else this.writeNow(text)
  }

  /**
   * Makes room in the buffer for `size` more bytes: when they would not fit (many short results before the end of a
   * chunk), hands over a copy of what has gathered and starts again. False when they would never fit: the caller
   * writes them at once.
   */
  private makeRoom(size: number): boolean {
    if (this.used + size <= this.buffer.length) return true
    if (this.used > 0) this.writeNow(Buffer.from(this.buffer.subarray(0, this.used)))
    this.used = 0
    return size <= this.buffer.length
  }
}
