// An NDJSON input cut into batches of whole lines, each judged as one piece of work: on the main thread, or on a
// worker thread when `check` decodes on several (see pool.ts). A batch is judged the way the whole input would be:
// the same cutter, line numbers counted from the start of the input.
import { type Outcome, unreadableOutcome } from './check'
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

const NEWLINE = 0x0a

const countNewlines = (bytes: Buffer, start: number, end: number): number => {
  let count = 0
  for (let at = bytes.indexOf(NEWLINE, start); at !== -1 && at < end; at = bytes.indexOf(NEWLINE, at + 1)) count++
  return count
}

/**
 * Cuts the chunks read from an input into batches of whole lines: for each chunk, the line it ends that began in
 * earlier chunks, then its other whole lines. A line that spans chunks is carried over to the chunk where it ends,
 * unless it is longer than `maxBytes`: then it is counted, not kept, and comes out as a {@link LongLine}.
 */
export class LineSplitter {
  // The start of the line that the next chunk goes on with; its size keeps growing once it is over the limit.
  private rest: Buffer[] = []
  private restBytes = 0
  private linesOut = 0

  constructor(private readonly maxBytes: number) {}

  /** How many lines of the input have been read to their end. */
  get linesRead(): number {
    return this.linesOut
  }

  /**
   * Takes the next chunk read and hands out the batches it completes. The batch of the chunk's own whole lines is a
   * view of the chunk, not a copy: it must be judged or copied before the chunk's memory is read into again.
   */
  push(chunk: Buffer): Batch[] {
    const last = chunk.lastIndexOf(NEWLINE)
    if (last === -1) {
      this.keepRest(chunk)
      return []
    }
    const batches: Batch[] = []
    let from = 0
    if (this.restBytes > 0) {
      from = chunk.indexOf(NEWLINE) + 1
      const size = this.restBytes + from - 1
      batches.push(
        size > this.maxBytes
          ? { kind: 'long line', line: this.linesOut + 1, size, unterminated: false }
          : { kind: 'lines', bytes: Buffer.concat([...this.rest, chunk.subarray(0, from)]), linesBefore: this.linesOut, final: false },
      )
      this.linesOut++
      this.rest = []
      this.restBytes = 0
    }
    if (last + 1 > from) {
      batches.push({ kind: 'lines', bytes: chunk.subarray(from, last + 1), linesBefore: this.linesOut, final: false })
      this.linesOut += countNewlines(chunk, from, last + 1)
    }
    this.keepRest(chunk.subarray(last + 1))
    return batches
  }

  /** Hands out what is left when the input ends: a last line without a newline. */
  end(): Batch[] {
    const { rest, restBytes: size, linesOut } = this
    this.rest = []
    this.restBytes = 0
    if (size > this.maxBytes) return [{ kind: 'long line', line: linesOut + 1, size, unterminated: true }]
    return size > 0 ? [{ kind: 'lines', bytes: Buffer.concat(rest, size), linesBefore: linesOut, final: true }] : []
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
  readonly text: Uint8Array
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

  take(): Buffer[] {
    const pieces = this.pieces
    this.pieces = []
    return pieces
  }
}

/** Adds each payload of `file`, with its outcome, to the results in `output` and the counts in `summary`. */
export const recorder =
  (file: string, output: Output, summary: Summary) =>
  (payload: Payload, outcome: Outcome): void => {
    const place = { file, line: payload.line }
    const note = noteFor(outcome, payload.body, payload.unterminated)
    output.add(place, outcome, note)
    summary.countPayload(place, outcome, note)
  }

/**
 * Judges a batch of `file` apart from the run, as a worker does: its output is gathered, its counts kept apart. The
 * output gathers in `room`, where it usually fits (a result takes a small part of the bytes of its line), and the
 * part's text is then a view of `room`; what does not fit is copied out.
 */
export const judgePart = async (file: string, batch: Batch, judge: Judge, settings: PartSettings, room?: Buffer): Promise<Part> => {
  const collector = new Collector()
  const output = new Output(collector, settings.format, settings.quiet, room)
  const summary = new Summary(settings.failuresShown)
  await judgeBatch(batch, settings.maxPayloadBytes, judge, recorder(file, output, summary))
  const spilled = collector.take()
  const gathered = output.takeGathered()
  return { text: spilled.length === 0 ? gathered : Buffer.concat([...spilled, gathered]), counts: summary.counts() }
}
