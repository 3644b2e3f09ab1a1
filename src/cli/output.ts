// One result per payload, as a text line or an NDJSON record, gathered and written some kilobytes at a time: a
// write per payload would cost more than many payloads take to decode.
import { once } from 'node:events'
import type { Outcome } from './check'

/** `text`: one line per payload for a reader; `json`: one JSON record per payload for a pipeline. */
export type Format = 'text' | 'json'

/** Where a payload came from: the input's name, and the line (none for a whole-file payload). */
export type Place = { readonly file: string; readonly line: number | undefined }

// Past this many, the keys of a bank-slip update are counted in a text line rather than listed (JSON lists all).
const KEYS_IN_TEXT = 5
// Written soon enough that results never live long enough to reach the old generation, where only a full collection frees them.
const WRITE_CHARS = 4 * 1024

// What a terminal acts on or reorders, so that text from the input could forge or hide a result: C0 and C1
// controls (escape sequences, newlines), DEL, line and paragraph separators, and bidirectional marks, embeddings,
// overrides and isolates. JSON.stringify escapes the C0 controls; the rest are escaped after it.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/ // eslint-disable-line no-control-regex -- control characters are what it looks for
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g
const escapeJson = (json: string): string => json.replace(UNSAFE_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** `text` as a JSON string literal that is also safe to print. */
const quote = (text: string): string => escapeJson(JSON.stringify(text))

/** `text` as it is when it is safe to print, otherwise {@link quote}d. */
export const printable = (text: string): string => (UNSAFE.test(text) ? quote(text) : text)

// Line numbers are not written with `${line}`: V8 caches the strings made that way, which then outlive their line and
// grow the heap on a large input.
const numberText = (line: number | undefined): string => (line === undefined ? 'null' : line.toFixed(0))

const isJson = (body: Buffer): boolean => {
  try {
    JSON.parse(body.toString())
    return true
  } catch {
    return false
  }
}

/** The note for a failed last line without a newline that is not JSON: how a file cut short mid-line ends. */
export const noteFor = (outcome: Outcome, body: Buffer | undefined, unterminated: boolean): string | undefined =>
  unterminated && !outcome.ok && body !== undefined && !isJson(body) ? 'the last line ends without a newline: was the input cut short?' : undefined

/** The text line of one payload, without its newline. */
export const textLine = ({ file, line }: Place, outcome: Outcome, note: string | undefined): string => {
  const label = line === undefined ? printable(file) : `${printable(file)}:${numberText(line)}`
  if (outcome.ok) {
    const keys = outcome.installmentKeys
    const shown = keys.slice(0, KEYS_IN_TEXT).map(printable).join(',')
    return `${label}: ${printable(outcome.status)} ${shown}${keys.length > KEYS_IN_TEXT ? ` (and ${keys.length - KEYS_IN_TEXT} more)` : ''} ok`
  }
  // What this version does not know, as the body named it.
  const { code, webhookType, status } = outcome
  const [name, value] = code === 'UNKNOWN_STATUS' ? ['status', status] : ['webhook_type', code === 'UNSUPPORTED_WEBHOOK_TYPE' ? webhookType : undefined]
  const received = value === undefined ? '' : ` (${name} ${quote(value)})`
  return `${label}: ${code} ${printable(outcome.detail)}${received}${note === undefined ? '' : ` (${note})`}`
}

/** The NDJSON record of one payload, without its newline. */
const jsonLine = ({ file, line }: Place, outcome: Outcome, note: string | undefined): string => {
  const head = `{"file":${quote(file)},"line":${numberText(line)}`
  if (outcome.ok) {
    // Built by hand: this is the line most payloads get.
    const keys = escapeJson(JSON.stringify(outcome.installmentKeys))
    return `${head},"ok":true,"outcome":"ok","webhook_type":"installment.status_change","status":${quote(outcome.status)},"installment_keys":${keys},"code":null,"detail":null,"issues":[],"omitted_issues":0}`
  }
  const { kind, code, detail, issues, omittedIssues, webhookType = null, status = null } = outcome
  const record = { ok: false, outcome: kind, webhook_type: webhookType, status, installment_keys: [], code, detail, issues, omitted_issues: omittedIssues }
  return `${head},${escapeJson(JSON.stringify(note === undefined ? record : { ...record, note })).slice(1)}`
}

/** The results of one run, gathered and written to `stream`. */
export class Output {
  private gathered = ''

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly format: Format,
    private readonly quiet: boolean,
  ) {}

  /** Adds the result of one payload (nothing for a payload that passed, under `--quiet`). */
  add(place: Place, outcome: Outcome, note: string | undefined): void {
    if (this.quiet && outcome.ok) return
    this.gathered += `${this.format === 'text' ? textLine(place, outcome, note) : jsonLine(place, outcome, note)}\n`
  }

  /** Whether results are waiting to be written, or with `enough`, whether enough of them to write. */
  pending(enough = false): boolean {
    return this.gathered.length >= (enough ? WRITE_CHARS : 1)
  }

  /** Writes what has gathered; waits while the stream is full, so a slow reader slows the run rather than fill memory. */
  async flush(): Promise<void> {
    const text = this.gathered
    this.gathered = ''
    if (text !== '' && !this.stream.write(text)) await once(this.stream, 'drain')
  }
}
