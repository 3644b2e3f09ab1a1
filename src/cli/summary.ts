// The totals printed at the end of a run: by outcome, by error code and by status, and the first failures.
import type { FailureKind, Outcome } from './check'
import { type Place, textLine } from './output'

// From passed to furthest from passing.
const OUTCOME_ORDER: ReadonlyArray<'ok' | FailureKind> = ['ok', 'invalid', 'unverified', 'unreadable']

const increment = (counts: Map<string, number>, key: string, by = 1): void => {
  counts.set(key, (counts.get(key) ?? 0) + by)
}

const listCounts = (counts: ReadonlyMap<string, number>): string =>
  [...counts]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
    .map(([key, count]) => `${key} ${count}`)
    .join(', ')

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`

/** What a {@link Summary} counted of some payloads, to be added to another's counts. */
export interface SummaryCounts {
  readonly payloads: number
  readonly passed: number
  readonly outcomes: ReadonlyMap<string, number>
  readonly codes: ReadonlyMap<string, number>
  readonly statuses: ReadonlyMap<string, number>
  readonly failureCount: number
  readonly failures: ReadonlyArray<string>
}

const add = (counts: Map<string, number>, more: ReadonlyMap<string, number>): void => {
  for (const [key, count] of more) increment(counts, key, count)
}

/** Counts the results of a run as they come, keeping the text of the first few failures. */
export class Summary {
  private inputs = 0
  private unreadInputs = 0
  private payloads = 0
  private passed = 0
  private readonly outcomes = new Map<string, number>()
  private readonly codes = new Map<string, number>()
  private readonly statuses = new Map<string, number>()
  private failureCount = 0
  private readonly failures: string[] = []

  /** @param failuresShown how many failures the summary lists. */
  constructor(private readonly failuresShown: number) {}

  /** Counts an input that was opened, or that failed before it was read to the end. */
  countInput(): void {
    this.inputs++
  }

  /** Counts one payload and what became of it. */
  countPayload(place: Place, outcome: Outcome, note: string | undefined): void {
    this.payloads++
    if (outcome.ok) {
      this.passed++
      increment(this.outcomes, 'ok')
      increment(this.statuses, outcome.status)
      return
    }
    this.countFailure(place, outcome, note)
  }

  /** Counts an input that could not be opened or read to the end, and why. */
  countUnreadInput(place: Place, outcome: Outcome): void {
    this.unreadInputs++
    this.countFailure(place, outcome, undefined)
  }

  /** How many payloads have been counted, those of the counts absorbed included. */
  get payloadsCounted(): number {
    return this.payloads
  }

  /** What has been counted of the payloads (not of the inputs). */
  counts(): SummaryCounts {
    const { payloads, passed, outcomes, codes, statuses, failureCount, failures } = this
    return { payloads, passed, outcomes, codes, statuses, failureCount, failures }
  }

  /** Adds the counts of payloads that came after those counted so far, judged apart from this summary. */
  absorb(counts: SummaryCounts): void {
    this.payloads += counts.payloads
    this.passed += counts.passed
    add(this.outcomes, counts.outcomes)
    add(this.codes, counts.codes)
    add(this.statuses, counts.statuses)
    this.failureCount += counts.failureCount
    for (const failure of counts.failures) {
      if (this.failures.length >= this.failuresShown) break
      this.failures.push(failure)
    }
  }

  /** Whether every payload passed and every input was read. */
  get ok(): boolean {
    return this.failureCount === 0
  }

  /** The summary, one line of totals and indented lines of detail, ending with a newline. */
  render(): string {
    const failed = this.payloads - this.passed
    const unread = this.unreadInputs > 0 ? `; ${plural(this.unreadInputs, 'input')} unreadable` : ''
    const lines = [
      `summary: ${plural(this.inputs, 'input')}, ${plural(this.payloads, 'payload')}: ${this.passed} ok, ${failed} failed${unread}`,
    ]
    if (this.outcomes.size > 0) {
      const outcomes = OUTCOME_ORDER.filter((outcome) => this.outcomes.has(outcome))
      lines.push(`  by outcome: ${outcomes.map((outcome) => `${outcome} ${this.outcomes.get(outcome)}`).join(', ')}`)
    }
    if (this.codes.size > 0) lines.push(`  by code: ${listCounts(this.codes)}`)
    if (this.statuses.size > 0) lines.push(`  by status: ${listCounts(this.statuses)}`)
    if (this.failures.length > 0) {
      const shown = this.failures.length < this.failureCount ? `first ${this.failures.length} of ${this.failureCount}` : 'all'
      lines.push(`  failures (${shown}):`, ...this.failures.map((failure) => `    ${failure}`))
    }
    return `${lines.join('\n')}\n`
  }

  private countFailure(place: Place, outcome: Outcome, note: string | undefined): void {
    if (outcome.ok) return
    this.failureCount++
    increment(this.outcomes, outcome.kind)
    increment(this.codes, outcome.code)
    if (this.failures.length < this.failuresShown) this.failures.push(textLine(place, outcome, note))
  }
}
