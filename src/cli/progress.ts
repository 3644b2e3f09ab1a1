// The progress line: bytes read and payloads per second, redrawn in place on a terminal. A few lines of code rather
// than a dependency, because the checker ships inside the library package that every user installs.
import { printable } from './output'

/** Where the progress line goes: stderr, drawn only when it is a terminal. */
export interface ProgressStream {
  readonly isTTY?: boolean
  write(text: string): boolean
}

/** Inputs smaller than this finish before a progress line would help. */
export const PROGRESS_MIN_BYTES = 8_000_000
const REDRAW_MS = 250
const CLEAR_LINE = '\r\x1b[K'

const formatBytes = (bytes: number): string => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`)

/** Draws the progress of a run on a terminal; does nothing when the stream is not one. */
export class Progress {
  private readonly startMs: number
  private lastDrawMs = -Infinity
  private shown = false

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startMs = now()
  }

  /** Redraws the line, at most four times a second, once the input is known to be over {@link PROGRESS_MIN_BYTES}. */
  update(name: string, bytesRead: number, size: number | undefined, payloads: number): void {
    if (this.stream.isTTY !== true || Math.max(bytesRead, size ?? 0) < PROGRESS_MIN_BYTES) return
    const nowMs = this.now()
    if (nowMs - this.lastDrawMs < REDRAW_MS) return
    this.lastDrawMs = nowMs
    const seconds = (nowMs - this.startMs) / 1000
    const rate = seconds > 0 ? Math.round(payloads / seconds).toLocaleString('en-US') : '-'
    const share = size === undefined || size === 0 ? '' : ` of ${formatBytes(size)} (${Math.floor((bytesRead / size) * 100)}%)`
    this.stream.write(`${CLEAR_LINE}${printable(name)}: ${formatBytes(bytesRead)}${share}, ${rate} payloads/s`)
    this.shown = true
  }

  /** Removes the line, before other text is written to the terminal or at the end. */
  clear(): void {
    if (!this.shown) return
    this.stream.write(CLEAR_LINE)
    this.shown = false
    // Redraw at the next update: the line just cleared is no longer on screen.
    this.lastDrawMs = -Infinity
  }
}
