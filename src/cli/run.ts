// One run of the checker: every payload of every input through `check` or `verify`, one at a time on one thread,
// each result to stdout, the summary and the progress line to where they belong.
import { type Judge, unreadableOutcome } from './check'
import { InputError, LineCutter, type Payload, describeError, openInput } from './input'
import { type Format, Output, noteFor } from './output'
import { Progress, type ProgressStream } from './progress'
import { Summary } from './summary'

/** What to run, as read from the command line. */
export interface RunOptions {
  readonly judge: Judge
  /** Paths, or `-` for stdin; a `.json` or `.json.gz` file is one payload, any other input one per line. */
  readonly inputs: ReadonlyArray<string>
  readonly format: Format
  readonly quiet: boolean
  readonly failuresShown: number
  /** The largest payload read, in bytes; a longer one fails with PAYLOAD_TOO_LARGE. */
  readonly maxPayloadBytes: number
}

/** Where a run writes: results to stdout; the progress line, and the summary when stdout carries JSON, to stderr. */
export interface RunStreams {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: ProgressStream
}

const WHOLE_FILE_NAME = /\.json(?:\.gz)?$/i
// Under --quiet, the progress line is not drawn either.
const NOT_A_TERMINAL: ProgressStream = { isTTY: false, write: () => true }

/** Runs the checker over every input; resolves to the exit code: 0 when every payload passed, otherwise 1. */
export const run = async (options: RunOptions, streams: RunStreams): Promise<number> => {
  const { judge, inputs, format, quiet, failuresShown, maxPayloadBytes } = options
  const output = new Output(streams.stdout, format, quiet)
  const summary = new Summary(failuresShown)
  const progress = new Progress(quiet ? NOT_A_TERMINAL : streams.stderr)
  const write = async (): Promise<void> => {
    progress.clear()
    await output.flush()
  }

  const record = async (file: string, { line, body, size, unterminated }: Payload): Promise<void> => {
    const held = line === undefined ? 'file holds' : 'line holds at least'
    let outcome = body === undefined ? unreadableOutcome('PAYLOAD_TOO_LARGE', `the ${held} ${size} bytes, more than --max-payload-bytes ${maxPayloadBytes}`) : judge(body)
    if (outcome instanceof Promise) outcome = await outcome
    const note = noteFor(outcome, body, unterminated)
    output.add({ file, line }, outcome, note)
    summary.count({ file, line }, outcome, note)
    if (output.pending(true)) await write()
  }

  for (const file of inputs) {
    summary.inputs++
    const failInput = (detail: string): void => {
      const outcome = unreadableOutcome('UNREADABLE_INPUT', detail)
      output.add({ file, line: undefined }, outcome, undefined)
      summary.count({ file, line: undefined }, outcome, undefined, false)
    }
    const source = await openInput(file).catch((error: unknown) => {
      failInput(error instanceof InputError ? error.message : `cannot read from the start: ${describeError(error)}`)
    })
    if (source === undefined) continue
    const cutter = new LineCutter(maxPayloadBytes, file !== '-' && WHOLE_FILE_NAME.test(file))
    // A chunk; `undefined` at the end; `null` when reading failed. Only reading is guarded: an error writing the
    // results is not the input's fault. The lines read to their end have been judged; the line cut off is not.
    const read = (): Promise<Buffer | undefined | null> =>
      source.chunks.next().then(
        (next) => (next.done === true ? undefined : next.value),
        (error: unknown) => {
          failInput(`cannot read ${cutter.line > 0 ? `after line ${cutter.line}` : 'from the start'}: ${describeError(error)}`)
          return null
        },
      )
    try {
      let chunk
      while ((chunk = await read()) instanceof Buffer) {
        for (const payload of cutter.cut(chunk)) await record(file, payload)
        // Results are written as each chunk is done, so a reader following a slow input sees them as they come.
        if (output.pending()) await write()
        progress.update(file, source.bytesRead(), source.size, summary.payloads)
      }
      const last = chunk === undefined ? cutter.end() : undefined
      if (last !== undefined) await record(file, last)
    } finally {
      source.close()
    }
  }
  await write()
  // With JSON on stdout, the summary goes to stderr, where it cannot break a pipeline that parses stdout.
  if (!quiet) (format === 'json' ? streams.stderr : streams.stdout).write(summary.render())
  return summary.ok ? 0 : 1
}
