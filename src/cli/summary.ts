// The totals printed at the end of a run: by outcome, by error code and by status, and the first failures.
import type { Outcome } from './check'
import { type Place, printable, textLine } from './output'

// From passed to furthest from passing.
const OUTCOME_ORDER = ['ok', 'invalid', 'unverified', 'unreadable']

const increment = (counts: Map<string, number>, key: string): unknown => counts.set(key, (counts.get(key) ?? 0) + 1)

const listCounts = (counts: ReadonlyMap<string, number>): string =>
  [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
    .map(([key, count]) => `${printable(key)} ${count}`)
    .join(', ')

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`

/** Counts the results of a run as they come, keeping the text of the first few failures. */
export class Summary {
  inputs = 0
  payloads = 0
  private unreadInputs = 0
  private failed = 0
  private readonly outcomes = new Map<string, number>()
  private readonly codes = new Map<string, number>()
  private readonly statuses = new Map<string, number>()
  private readonly failures: string[] = []

  constructor(private readonly failuresShown: number) {}

  /** Counts the result of a payload or, with `payload` false, of an input that could not be opened or read to the end. */
  count(place: Place, outcome: Outcome, note: string | undefined, payload = true): void {
    if (payload) this.payloads++
    else this.unreadInputs++
    increment(this.outcomes, outcome.ok ? 'ok' : outcome.kind)
    if (outcome.ok) return void increment(this.statuses, outcome.status)
    this.failed++
    increment(this.codes, outcome.code)
    if (this.failures.length < this.failuresShown) this.failures.push(textLine(place, outcome, note))
  }

  /** Whether every payload passed and every input was read. */
  get ok(): boolean {
    return this.failed === 0
  }

  /** The summary, one line of totals and indented lines of detail, ending with a newline. */
  render(): string {
    const passed = this.outcomes.get('ok') ?? 0
    const unread = this.unreadInputs > 0 ? `; ${plural(this.unreadInputs, 'input')} unreadable` : ''
    const lines = [`summary: ${plural(this.inputs, 'input')}, ${plural(this.payloads, 'payload')}: ${passed} ok, ${this.payloads - passed} failed${unread}`]
    const outcomes = OUTCOME_ORDER.filter((outcome) => this.outcomes.has(outcome))
    if (outcomes.length > 0) lines.push(`  by outcome: ${outcomes.map((outcome) => `${outcome} ${this.outcomes.get(outcome)}`).join(', ')}`)
    if (this.codes.size > 0) lines.push(`  by code: ${listCounts(this.codes)}`)
    if (this.statuses.size > 0) lines.push(`  by status: ${listCounts(this.statuses)}`)
    if (this.failures.length > 0) {
      const shown = this.failures.length < this.failed ? `first ${this.failures.length} of ${this.failed}` : 'all'
      lines.push(`  failures (${shown}):`, ...this.failures.map((failure) => `    ${failure}`))
    }
    return `${lines.join('\n')}\n`
  }
}
