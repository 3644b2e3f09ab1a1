// One run of the checker: every payload of every input through `check` or `verify`, each result to stdout, the
// summary and the progress line to where they belong.
import { type Outcome, unreadableOutcome } from './check'
import { type Input, InputError, type Payload, openInput } from './input'
import { type Format, Output, noteFor } from './output'
import { Progress, type ProgressStream } from './progress'
import { Summary } from './summary'

/** What to run, as read from the command line. */
export interface RunOptions {
  /** Judges one payload: `check` decodes it, `verify` checks a captured delivery then decodes it. */
  readonly judge: (body: string | Buffer) => Outcome | Promise<Outcome>
  readonly inputs: ReadonlyArray<Input>
  readonly format: Format
  readonly quiet: boolean
  /** How many failures the summary lists. */
  readonly failuresShown: number
  /** The largest payload (a line, or a `.json` file) read, in bytes; a longer one fails with PAYLOAD_TOO_LARGE. */
  readonly maxPayloadBytes: number
}

/** The streams a run writes to. */
export interface RunStreams {
  readonly stdout: NodeJS.WritableStream
  /** Where the progress line goes, and the summary when stdout carries JSON. */
  readonly stderr: ProgressStream
}

// Under --quiet, the progress line is not drawn either.
const NOT_A_TERMINAL: ProgressStream = { isTTY: false, write: () => true }

const tooLarge = (size: number, max: number, whole: boolean): Outcome =>
  unreadableOutcome(
    'PAYLOAD_TOO_LARGE',
    `the ${whole ? 'file' : 'line'} holds ${whole ? '' : 'at least '}${size} bytes, more than --max-payload-bytes ${max}`,
  )

const describeReadError = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as NodeJS.ErrnoException).code
  return code === undefined || message.includes(code) ? message : `${message} (${code})`
}

/** Runs the checker over every input; resolves to the exit code: 0 when every payload passed, otherwise 1. */
export const run = async (options: RunOptions, streams: RunStreams): Promise<number> => {
  const { judge, inputs, format, quiet, maxPayloadBytes } = options
  const output = new Output(streams.stdout, format, quiet)
  const summary = new Summary(options.failuresShown)
  const progress = new Progress(quiet ? NOT_A_TERMINAL : streams.stderr)
  let payloads = 0

  for (const input of inputs) {
    const file = input.name
    summary.countInput()
    let lastLine = 0
    const failInput = (detail: string): void => {
      const place = { file, line: undefined }
      const outcome = unreadableOutcome('UNREADABLE_INPUT', detail)
      output.add(place, outcome, undefined)
      summary.countUnreadInput(place, outcome)
    }
    let source
    try {
      source = await openInput(input, maxPayloadBytes)
    } catch (error) {
      failInput(error instanceof InputError ? error.message : describeReadError(error))
      continue
    }
    const { cutter } = source
    const judgeOf = (payload: Payload): Outcome | Promise<Outcome> =>
      payload.body === undefined ? tooLarge(payload.size, maxPayloadBytes, input.whole) : judge(payload.body)
    const record = (payload: Payload, outcome: Outcome): void => {
      const place = { file, line: payload.line }
      const note = noteFor(outcome, payload.body, payload.unterminated)
      output.add(place, outcome, note)
      summary.countPayload(place, outcome, note)
      lastLine = payload.line ?? 0
      payloads++
    }
    // Only reading is guarded here: an error writing the results is not the input's fault.
    const chunks = source.chunks[Symbol.asyncIterator]()
    for (;;) {
      let next
      try {
        next = await chunks.next()
      } catch (error) {
        const where = lastLine > 0 ? `after line ${lastLine}` : 'from the start'
        failInput(`cannot read ${where}: ${describeReadError(error)}`)
        break
      }
      if (next.done === true) {
        const last = cutter.end()
        if (last !== undefined) record(last, await judgeOf(last))
        break
      }
      cutter.push(next.value)
      for (let payload = cutter.next(); payload !== undefined; payload = cutter.next()) {
        // `check` answers at once; only `verify` is awaited, so `check` pays for no promise per payload.
        const outcome = judgeOf(payload)
        record(payload, outcome instanceof Promise ? await outcome : outcome)
      }
      if (output.pending) progress.clear()
      await output.flush()
      progress.update(file, source.bytesRead(), source.size, payloads)
    }
    source.close()
  }

  progress.clear()
  await output.flush()
  // With JSON on stdout, the summary goes to stderr, where it cannot break a pipeline that parses stdout.
  if (!quiet) (format === 'json' ? streams.stderr : streams.stdout).write(summary.render())
  return summary.ok ? 0 : 1
}
