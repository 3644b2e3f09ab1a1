// The progress line: drawn on a terminal for inputs over 8 MB, never into a pipe.
import { PassThrough } from 'node:stream'
import { PROGRESS_MIN_BYTES, Progress } from '../../src/cli/progress'
import { checkPayload } from '../../src/cli/check'
import { run } from '../../src/cli/run'
import { buildOnce, paidLine, runCli, scratch } from './run-cli'

buildOnce()
const file = scratch()

const CLEAR = '\r\x1b[K'

/** A stand-in for stderr: a terminal or not, recording what is written. */
const terminal = (isTTY: boolean) => {
  const writes: string[] = []
  return { isTTY, writes, write: (text: string) => writes.push(text) > 0 }
}

describe('Progress', () => {
  const MB = 1e6
  const big = 25 * MB

  it('draws bytes read, the share of the file and payloads per second, in place', () => {
    const stream = terminal(true)
    let nowMs = 0
    const progress = new Progress(stream, () => nowMs)
    nowMs = 2000
    progress.update('deliveries.ndjson', 12.5 * MB, big, 4000)
    expect(stream.writes).toEqual([`${CLEAR}deliveries.ndjson: 12.5 MB of 25.0 MB (50%), 2,000 payloads/s`])
  })

  it('writes gigabytes as such', () => {
    const stream = terminal(true)
    let nowMs = 0
    const progress = new Progress(stream, () => nowMs)
    nowMs = 1000
    progress.update('month.ndjson.gz', 1.5e9, 3e9, 10)
    expect(stream.writes).toEqual([`${CLEAR}month.ndjson.gz: 1.50 GB of 3.00 GB (50%), 10 payloads/s`])
  })

  it('draws nothing when the stream is not a terminal', () => {
    const stream = terminal(false)
    const progress = new Progress(stream, () => 1000)
    progress.update('deliveries.ndjson', big, big, 1)
    progress.clear()
    expect(stream.writes).toEqual([])
  })

  it(`draws nothing for an input under ${PROGRESS_MIN_BYTES} bytes`, () => {
    const stream = terminal(true)
    const progress = new Progress(stream, () => 1000)
    progress.update('small.ndjson', 1000, PROGRESS_MIN_BYTES - 1, 1)
    expect(stream.writes).toEqual([])
  })

  it('draws for stdin, whose size is not known, once it has read enough, without a share', () => {
    const stream = terminal(true)
    let nowMs = 0
    const progress = new Progress(stream, () => nowMs)
    nowMs = 1000
    progress.update('-', PROGRESS_MIN_BYTES - 1, undefined, 1)
    nowMs = 2000
    progress.update('-', 9 * MB, undefined, 2)
    expect(stream.writes).toEqual([`${CLEAR}-: 9.0 MB, 1 payloads/s`])
  })

  it('redraws at most four times a second, and at once after being cleared', () => {
    const stream = terminal(true)
    let nowMs = 0
    const progress = new Progress(stream, () => nowMs)
    for (nowMs = 1000; nowMs < 2000; nowMs += 50) progress.update('a', big / 2, big, 1)
    expect(stream.writes).toHaveLength(4)
    progress.clear()
    progress.update('a', big / 2, big, 1)
    expect(stream.writes.slice(4)).toEqual([CLEAR, expect.stringContaining(`${CLEAR}a: `)])
  })

  it('clears only a line it drew', () => {
    const stream = terminal(true)
    const progress = new Progress(stream, () => 1000)
    progress.clear()
    expect(stream.writes).toEqual([])
  })
})

describe('qitech-installment-webhooks check: progress', () => {
  const bigInput = () => file('nine-mb.ndjson', `${paidLine}\n`.repeat(Math.ceil(9_000_000 / paidLine.length)))

  it('draws progress on a terminal for a 9 MB input, and clears it before the summary', async () => {
    const stdout = new PassThrough()
    stdout.resume()
    const stderr = terminal(true)
    const code = await run(
      { judge: checkPayload, inputs: [bigInput()], format: 'json', quiet: false, failuresShown: 10, maxPayloadBytes: 1e6 },
      { stdout, stderr },
    )
    expect(code).toBe(0)
    const drawn = stderr.writes.filter((text) => text.includes('payloads/s'))
    expect(drawn.length).toBeGreaterThan(0)
    expect(drawn[0].startsWith(CLEAR)).toBe(true)
    expect(drawn[0].slice(CLEAR.length)).toMatch(/^\S+nine-mb\.ndjson: \d+\.\d MB of 9\.\d MB \(\d+%\), [\d,]+ payloads\/s$/)
    const summaryAt = stderr.writes.findIndex((text) => text.startsWith('summary: '))
    expect(stderr.writes[summaryAt - 1]).toBe(CLEAR)
  }, 60_000)

  it('draws no progress under --quiet, even on a terminal', async () => {
    const stdout = new PassThrough()
    stdout.resume()
    const stderr = terminal(true)
    await run(
      { judge: checkPayload, inputs: [bigInput()], format: 'text', quiet: true, failuresShown: 10, maxPayloadBytes: 1e6 },
      { stdout, stderr },
    )
    expect(stderr.writes).toEqual([])
  }, 60_000)

  it('draws no progress when stderr is a pipe', () => {
    const result = runCli(['check', bigInput()])
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  }, 60_000)
})
