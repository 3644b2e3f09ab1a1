// An NDJSON input cut into batches of whole lines, each judged as one piece of work: on the main thread, or on a
// worker thread when `check` decodes on several (see pool.ts). A batch is judged the way the whole input would be:
// the same cutter, line numbers counted from the start of the input.
import type { Outcome } from './check'
import { unreadableOutcome } from './check'
import { LineCutter, type Payload } from './input'
import { Output, type Format, type Sink, noteFor } from './output'
import { Summary, type SummaryCounts } from './summary'

/** Whole lines of an input. */
export interface LineBatch {
  readonly kind: 'lines'
  /** Whole lines, each with its `\n`; in the input's last batch, then the last line when it has none. */
  readonly bytes: Buffer
  /** How many lines of the input come before these. */
  readonly linesBefore: number
  /** Whether these are the last bytes of the input, which may end with a line without a newline. */
  readonly final: boolean
}

/** A line over the size limit, counted but not kept. */
export interface LongLine {
  readonly kind: 'long line'
  readonly line: number
  /** Its size in bytes, without the `\n`. */
  readonly size: number
  /** Whether it is the input's last line and has no newline. */
  readonly unterminated: boolean
}

export type Batch = LineBatch | LongLine

// A batch is at least half a megabyte (the whole lines of one 1 MB read of a file): one message to a worker for some
// 300 to 600 payloads of the usual size, so the messages cost little beside the decoding.
export const BATCH_BYTES = 512 * 1024
const NEWLINE = 0x0a

const countNewlines = (bytes: Buffer, start: number, end: number): number => {
  let count = 0
  for (let at = bytes.indexOf(NEWLINE, start); at !== -1 && at < end; at = bytes.indexOf(NEWLINE, at + 1)) count++
  return count
}

/**
 * Cuts the chunks read from an input into batches of whole lines of at least {@link BATCH_BYTES}. A line that spans
 * chunks is carried over into the batch where it ends, unless it is longer than `maxBytes`: then it is counted, not
 * kept, and comes out as a {@link LongLine}.
 */
export class LineSplitter {
  // Copies of whole lines not yet handed out, and how many lines and bytes they hold.
  private whole: Buffer[] = []
  private wholeBytes = 0
  private wholeLines = 0
  // The start of the line that the next chunk goes on with; its size keeps growing once it is over the limit.
  private rest: Buffer[] = []
  private restBytes = 0
  /** How many lines of the input have been handed out, in batches or as long lines. */
  private linesOut = 0

  /**
   * @param maxBytes the longest line kept, in bytes
   * @param batchBytes how many bytes of whole lines make a batch
   */
  constructor(
    private readonly maxBytes: number,
    private readonly batchBytes = BATCH_BYTES,
  ) {}

  /** How many lines of the input have been read to their end. */
  get linesRead(): number {
    return this.linesOut + this.wholeLines
  }

  /** Takes the next chunk read (which may be reused once this returns) and hands out the batches it completes. */
  push(chunk: Buffer): Batch[] {
    const batches: Batch[] = []
    const last = chunk.lastIndexOf(NEWLINE)
    if (last === -1) {
      this.keepRest(chunk)
      return batches
    }
    let from = 0
    if (this.restBytes > 0) {
      const first = chunk.indexOf(NEWLINE)
      const size = this.restBytes + first
      if (size > this.maxBytes) {
        this.flush(batches)
        batches.push({ kind: 'long line', line: this.linesOut + 1, size, unterminated: false })
        this.linesOut++
        from = first + 1
      } else {
        this.whole.push(...this.rest)
        this.wholeBytes += this.restBytes
      }
      this.rest = []
      this.restBytes = 0
    }
    if (last + 1 > from) {
      this.whole.push(Buffer.from(chunk.subarray(from, last + 1)))
      this.wholeBytes += last + 1 - from
      this.wholeLines += countNewlines(chunk, from, last + 1)
    }
    this.keepRest(chunk.subarray(last + 1))
    if (this.wholeBytes >= this.batchBytes) this.flush(batches)
    return batches
  }

  /** Hands out the whole lines read so far, as when reading stops on an error; a line begun is dropped. */
  flush(batches: Batch[] = []): Batch[] {
    if (this.wholeBytes > 0) {
      // One piece, the usual case for a file read a megabyte at a time, is already a copy of its own.
      const bytes = this.whole.length === 1 ? this.whole[0] : Buffer.concat(this.whole, this.wholeBytes)
      batches.push({ kind: 'lines', bytes, linesBefore: this.linesOut, final: false })
      this.linesOut += this.wholeLines
    }
    this.whole = []
    this.wholeBytes = 0
    this.wholeLines = 0
    return batches
  }

  /** Hands out what is left when the input ends: the last whole lines, then a last line without a newline. */
  end(): Batch[] {
    const batches = this.flush()
    if (this.restBytes > this.maxBytes) {
      batches.push({ kind: 'long line', line: this.linesOut + 1, size: this.restBytes, unterminated: true })
    } else if (this.restBytes > 0) {
      batches.push({ kind: 'lines', bytes: Buffer.concat(this.rest, this.restBytes), linesBefore: this.linesOut, final: true })
    }
    this.rest = []
    this.restBytes = 0
    return batches
  }

  private keepRest(bytes: Buffer): void {
    if (bytes.length === 0) return
    this.restBytes += bytes.length
    // Past the limit the line is only counted: `rest` holds at most `maxBytes`.
    if (this.restBytes <= this.maxBytes) this.rest.push(Buffer.from(bytes))
    else this.rest = []
  }
}

/** The outcome of a payload over the size limit. */
export const tooLarge = (size: number, max: number, whole: boolean): Outcome =>
  unreadableOutcome(
    'PAYLOAD_TOO_LARGE',
    `the ${whole ? 'file' : 'line'} holds ${whole ? '' : 'at least '}${size} bytes, more than --max-payload-bytes ${max}`,
  )

/** Judges one payload; a payload cut from a batch may be answered at once (`check`) or later (`verify`). */
export type Judge = (body: string | Buffer) => Outcome | Promise<Outcome>

/**
 * Judges the payloads of one batch in order, handing each with its outcome to `record`. Only `verify` is awaited per
 * payload: `check` answers at once and pays for no promise per payload.
 */
export const judgeBatch = async (
  batch: Batch,
  maxBytes: number,
  judge: Judge,
  record: (payload: Payload, outcome: Outcome) => void,
): Promise<void> => {
  if (batch.kind === 'long line') {
    const { line, size, unterminated } = batch
    record({ line, body: undefined, size, unterminated }, tooLarge(size, maxBytes, false))
    return
  }
  const judgeOf = (payload: Payload): Outcome | Promise<Outcome> =>
    payload.body === undefined ? tooLarge(payload.size, maxBytes, false) : judge(payload.body)
  const cutter = new LineCutter(maxBytes, batch.linesBefore)
  cutter.push(batch.bytes)
  for (let payload = cutter.next(); payload !== undefined; payload = cutter.next()) {
    const outcome = judgeOf(payload)
    record(payload, outcome instanceof Promise ? await outcome : outcome)
  }
  const last = batch.final ? cutter.end() : undefined
  if (last !== undefined) record(last, await judgeOf(last))
}

/** The results of one batch, judged apart from the run: its output and its counts for the summary. */
export interface Part {
  readonly text: Buffer
  readonly counts: SummaryCounts
}

/** How a run formats and counts results, which a worker needs to judge batches as the run would. */
export interface PartSettings {
  readonly format: Format
  readonly quiet: boolean
  readonly failuresShown: number
  readonly maxPayloadBytes: number
}

/** A sink that keeps what is written to it. */
class Collector implements Sink {
  private pieces: Buffer[] = []

  write(chunk: Buffer | string, callback?: () => void): boolean {
    this.pieces.push(Buffer.from(chunk))
    callback?.()
    return true
  }

  take(): Buffer {
    const bytes = Buffer.concat(this.pieces)
    this.pieces = []
    return bytes
  }
}

/** Judges a batch of `file` apart from the run, as a worker does: its output is gathered, its counts kept apart. */
export const judgePart = async (file: string, batch: Batch, judge: Judge, settings: PartSettings): Promise<Part> => {
  const collector = new Collector()
  const output = new Output(collector, settings.format, settings.quiet)
  const summary = new Summary(settings.failuresShown)
  await judgeBatch(batch, settings.maxPayloadBytes, judge, (payload, outcome) => {
    const place = { file, line: payload.line }
    const note = noteFor(outcome, payload.body, payload.unterminated)
    output.add(place, outcome, note)
    summary.countPayload(place, outcome, note)
  })
  await output.flush()
  return { text: collector.take(), counts: summary.counts() }
}
