// One run of the checker: every payload of every input through `check` or `verify`, each result to stdout, the
// summary and the progress line to where they belong.
import { type Batch, type Judge, LineSplitter, type Part, judgeBatch, recorder, tooLarge } from './batch'
import { unreadableOutcome } from './check'
import { type Input, InputError, type Source, WholeCutter, openInput } from './input'
import { type Format, Output } from './output'
import { WorkerPool } from './pool'
import { Progress, type ProgressStream } from './progress'
import { Summary } from './summary'

/** What to run, as read from the command line. */
export interface RunOptions {
  /** Judges one payload: `check` decodes it, `verify` checks a captured delivery then decodes it. */
  readonly judge: Judge
  readonly inputs: ReadonlyArray<Input>
  readonly format: Format
  readonly quiet: boolean
  /** How many failures the summary lists. */
  readonly failuresShown: number
  /** The largest payload (a line, or a `.json` file) read, in bytes; a longer one fails with PAYLOAD_TOO_LARGE. */
  readonly maxPayloadBytes: number
  /**
   * Worker threads that judge NDJSON batches beside the main thread, as `judge` does: their script, how many, and
   * whether they judge only the lines of regular files, not those of gzip input, stdin or a pipe. They start when an
   * input of {@link PARALLEL_MIN_BYTES} or more is opened, or once the run has read as much from inputs whose size is
   * not known in advance. Without it, the main thread judges every payload.
   */
  readonly workers?: { readonly path: string; readonly count: number; readonly filesOnly?: boolean }
}

/**
 * Below this much NDJSON, a run judges on the main thread: starting worker threads would cost more than it saves.
 * Past it, the sooner they start the better: a worker takes some 100 ms to start and compile the decoder.
 */
export const PARALLEL_MIN_BYTES = 4 * 1024 * 1024
/**
 * Whether an input is known, once opened, to hold {@link PARALLEL_MIN_BYTES} of NDJSON or more: a plain file of that
 * size. A gzip file's size says little of how much it holds, and stdin's is not known.
 */
export const startsWorkersAtOnce = (input: Input, size: number | undefined): boolean =>
  !input.whole && !input.gzip && size !== undefined && size >= PARALLEL_MIN_BYTES

/** The streams a run writes to. */
export interface RunStreams {
  readonly stdout: NodeJS.WritableStream
  /** Where the progress line goes, and the summary when stdout carries JSON. */
  readonly stderr: ProgressStream
}

// Under --quiet, the progress line is not drawn either.
const NOT_A_TERMINAL: ProgressStream = { isTTY: false, write: () => true }

const describeReadError = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as NodeJS.ErrnoException).code
  return code === undefined || message.includes(code) ? message : `${message} (${code})`
}

/** Runs the checker over every input; resolves to the exit code: 0 when every payload passed, otherwise 1. */
export const run = async (options: RunOptions, streams: RunStreams): Promise<number> => {
  const { judge, inputs, format, quiet, failuresShown, maxPayloadBytes, workers } = options
  const output = new Output(streams.stdout, format, quiet)
  const summary = new Summary(failuresShown)
  const progress = new Progress(quiet ? NOT_A_TERMINAL : streams.stderr)
  let pool: WorkerPool | undefined
  let batchedBytes = 0
  // The input being read, released however the run ends.
  let reading: Source | undefined

  const write = (part: Part): void => {
    // The text arrives from a worker as a plain Uint8Array.
    output.addWritten(Buffer.from(part.text.buffer, part.text.byteOffset, part.text.byteLength))
    summary.absorb(part.counts)
  }
  // Results come back from the workers in the order the batches went out; a result of the main thread's own waits
  // for those before it.
  const catchUp = async (): Promise<void> => {
    await pool?.flush()
    while (pool?.pending === true) await pool.take(write)
  }

  try {
    for (const input of inputs) {
      const file = input.name
      summary.countInput()
      const record = recorder(file, output, summary)
      const failInput = async (detail: string): Promise<void> => {
        await catchUp()
        const place = { file, line: undefined }
        const outcome = unreadableOutcome('UNREADABLE_INPUT', detail)
        output.add(place, outcome, undefined)
        summary.countUnreadInput(place, outcome)
      }
      let source
      try {
        source = reading = await openInput(input)
      } catch (error) {
        await failInput(error instanceof InputError ? error.message : describeReadError(error))
        continue
      }
      // A .json file is one payload; any other input is NDJSON, cut into batches of lines.
      const wholeFile = input.whole ? new WholeCutter(maxPayloadBytes) : undefined
      const splitter = input.whole ? undefined : new LineSplitter(maxPayloadBytes)
      // The workers this input's lines may go to: with `filesOnly`, none for gzip input or for what is not a regular
      // file (stdin, a pipe, a device), whose size is not known.
      const helpers = workers?.filesOnly === true && (input.gzip || source.size === undefined) ? undefined : workers
      const startPool = (): WorkerPool | undefined =>
        helpers === undefined
          ? undefined
          : (pool ??= new WorkerPool(helpers.path, helpers.count, { format, quiet, failuresShown, maxPayloadBytes }, judge))
      // The workers start while the first lines are judged on the main thread.
      if (startsWorkersAtOnce(input, source.size)) startPool()
      const judgeBatches = async (batches: Batch[]): Promise<void> => {
        for (const batch of batches) {
          const parallel = batch.kind === 'lines' && (pool !== undefined || batchedBytes >= PARALLEL_MIN_BYTES) ? startPool() : undefined
          if (batch.kind === 'lines' && parallel !== undefined) {
            // What has come back is written before the main thread may take a batch of its own; past the limit, the
            // run waits for the oldest result rather than keep ever more results behind it.
            while (parallel.ready || parallel.tooFarAhead) await parallel.take(write)
            await parallel.add(file, batch)
          } else {
            await catchUp()
            await judgeBatch(batch, maxPayloadBytes, judge, record)
          }
          // Only lines that may go to the workers count towards starting them.
          if (batch.kind === 'lines' && helpers !== undefined) batchedBytes += batch.bytes.length
        }
        while (pool?.ready === true) await pool.take(write)
      }
      // Only reading is guarded here: an error writing the results is not the input's fault.
      const chunks = source.chunks[Symbol.asyncIterator]()
      for (;;) {
        let next
        try {
          next = await chunks.next()
        } catch (error) {
          // The lines read to their end have been judged; the line cut off is not.
          const where = splitter !== undefined && splitter.linesRead > 0 ? `after line ${splitter.linesRead}` : 'from the start'
          await failInput(`cannot read ${where}: ${describeReadError(error)}`)
          break
        }
        if (next.done === true) {
          if (splitter !== undefined) {
            await judgeBatches(splitter.end())
            // The input's lines go no further: the next input's lines start a batch of their own.
            await pool?.flush()
          } else if (wholeFile !== undefined) {
            await catchUp()
            const whole = wholeFile.end()
            record(whole, whole.body === undefined ? tooLarge(whole.size, maxPayloadBytes, true) : await judge(whole.body))
          }
          break
        }
        if (splitter !== undefined) await judgeBatches(splitter.push(next.value))
        else wholeFile?.push(next.value)
        if (output.pending) progress.clear()
        await output.flush()
        progress.update(file, source.bytesRead(), source.size, summary.payloadsCounted)
      }
      source.close()
      reading = undefined
    }
    await catchUp()
  } finally {
    reading?.close()
    await pool?.close()
  }

  progress.clear()
  await output.flush()
  // With JSON on stdout, the summary goes to stderr, where it cannot break a pipeline that parses stdout.
  if (!quiet) (format === 'json' ? streams.stderr : streams.stdout).write(summary.render())
  return summary.ok ? 0 : 1
}
