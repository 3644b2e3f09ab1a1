// One run: inputs in order, results in input order whether the judge answers at once or later, and the exit code.
import { type Outcome, checkPayload } from '../../src/cli/check'
import { type RunOptions, run } from '../../src/cli/run'
import { PAID_KEY, collect, paidLine, scratch, unknownStatusLine } from './run-cli'

const file = scratch()

const runWith = async (options: Partial<RunOptions> & Pick<RunOptions, 'inputs'>) => {
  const stdout = collect()
  const stderr = collect()
  const code = await run(
    { judge: checkPayload, format: 'text', quiet: true, failuresShown: 10, maxPayloadBytes: 1e6, ...options },
    { stdout: stdout.stream, stderr: Object.assign(stderr.stream, { isTTY: false }) },
  )
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

const ndjson = (name: string, lines: string[]) => file(name, `${lines.join('\n')}\n`)

describe('run', () => {
  it('returns 0 when every payload passed and 1 when one failed', async () => {
    expect((await runWith({ inputs: [ndjson('good.ndjson', [paidLine, paidLine])] })).code).toBe(0)
    expect((await runWith({ inputs: [ndjson('good-then-bad.ndjson', [paidLine]), ndjson('bad.ndjson', [unknownStatusLine])] })).code).toBe(1)
  })

  it('keeps the order of the payloads when the judge answers later, slowest first', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? unknownStatusLine : paidLine))
    let delay = 20
    const judge = (body: Buffer): Promise<Outcome> =>
      new Promise((resolve) => setTimeout(() => resolve(checkPayload(body)), (delay = Math.max(0, delay - 1))))
    const input = ndjson('slow.ndjson', lines)
    const { stdout, code } = await runWith({ judge, inputs: [input], quiet: false, format: 'json' })
    const records = stdout.trimEnd().split('\n').map((line) => JSON.parse(line))
    expect(records.map((record) => [record.line, record.ok])).toEqual(lines.map((line, i) => [i + 1, line === paidLine]))
    expect(code).toBe(1)
  })

  it('reads the inputs in the order given, one after the other', async () => {
    const first = ndjson('first.ndjson', [paidLine])
    const second = ndjson('second.ndjson', [paidLine, paidLine])
    const { stdout } = await runWith({ inputs: [first, second, first], quiet: false })
    expect(stdout.split('\n').slice(0, 4)).toEqual([
      `${first}:1: paid ${PAID_KEY} ok`,
      `${second}:1: paid ${PAID_KEY} ok`,
      `${second}:2: paid ${PAID_KEY} ok`,
      `${first}:1: paid ${PAID_KEY} ok`,
    ])
  })
})
