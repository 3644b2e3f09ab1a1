// One result per payload, as a text line or an NDJSON record, gathered and written in large pieces: a write per
// payload would cost more than some payloads take to decode.
import { once } from 'node:events'
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
// Written once this much text has gathered, and at the end of every chunk read.
const FLUSH_CHARS = 64 * 1024

const labelOf = ({ file, line }: Place): string => (line === undefined ? file : `${file}:${line}`)

const keysText = (keys: ReadonlyArray<string>): string =>
  keys.length <= KEYS_IN_TEXT
    ? keys.join(',')
    : `${keys.slice(0, KEYS_IN_TEXT).join(',')} (and ${keys.length - KEYS_IN_TEXT} more)`

const isJson = (bytes: Buffer): boolean => {
  try {
    JSON.parse(bytes.toString('utf8'))
    return true
  } catch {
    return false
  }
}

/**
 * The note for a failed payload that is the input's last line, has no newline and is not JSON: how a file cut
 * short mid-line ends, which the failure alone would not say.
 */
export const noteFor = (outcome: Outcome, bytes: Buffer | undefined, unterminated: boolean): string | undefined =>
  unterminated && !outcome.ok && bytes !== undefined && !isJson(bytes) ? CUT_SHORT : undefined

/** The text line of one payload, without its newline. */
export const textLine = (place: Place, outcome: Outcome, note: string | undefined): string => {
  const label = labelOf(place)
  if (outcome.ok) return `${label}: ${outcome.status} ${keysText(outcome.installmentKeys)} ok`
  return `${label}: ${outcome.code} ${outcome.detail}${note === undefined ? '' : ` (${note})`}`
}

/** The NDJSON record of one payload, without its newline. */
export const jsonLine = (fileJson: string, line: number | undefined, outcome: Outcome, note: string | undefined): string => {
  const head = `{"file":${fileJson},"line":${line === undefined ? 'null' : line}`
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

/** The results of one run, gathered and written to `stream`. */
export class Output {
  private text = ''
  private fileName = ''
  private fileJson = '""'

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly format: Format,
    private readonly quiet: boolean,
  ) {}

  /** Adds the result of one payload (nothing for a payload that decoded, under `--quiet`). */
  add(place: Place, outcome: Outcome, note: string | undefined): void {
    if (this.quiet && outcome.ok) return
    if (this.format === 'text') {
      this.text += `${textLine(place, outcome, note)}\n`
    } else {
      if (place.file !== this.fileName) {
        this.fileName = place.file
        this.fileJson = JSON.stringify(place.file)
      }
      this.text += `${jsonLine(this.fileJson, place.line, outcome, note)}\n`
    }
    if (this.text.length >= FLUSH_CHARS) this.stream.write(this.take())
  }

  /** Whether results are waiting to be written. */
  get pending(): boolean {
    return this.text !== ''
  }

  /** Writes what has gathered, and waits while the reader of `stream` catches up. */
  async flush(): Promise<void> {
    if (this.text === '') return
    if (!this.stream.write(this.take())) await once(this.stream, 'drain')
  }

  private take(): string {
    const text = this.text
    this.text = ''
    return text
  }
}
