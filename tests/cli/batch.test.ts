// Batches of whole lines: cut from chunks of any size and judged one by one, they give the payloads the whole input
// gives; and the results of a batch judged apart add up to the results of the same lines judged in the run.
import fc from 'fast-check'
import { type Batch, LineSplitter, judgeBatch, judgePart } from '../../src/cli/batch'
import { checkPayload } from '../../src/cli/check'
import { LineCutter, type Payload } from '../../src/cli/input'
import { Output, noteFor } from '../../src/cli/output'
import { Summary } from '../../src/cli/summary'
import { paidLine, unknownStatusLine, updateLine } from './run-cli'

interface Cut {
  line: number | undefined
  /** The payload's bytes, in hex; none for a payload over the limit. */
  hex: string | undefined
  size: number
  unterminated: boolean
}

const cutOf = ({ line, body, size, unterminated }: Payload): Cut => ({
  line,
  hex: body === undefined ? undefined : Buffer.from(body).toString('hex'),
  size,
  unterminated,
})

/** The payloads of `bytes` cut by one cutter from one chunk: what the lines of the input are. */
const wholeInputCuts = (bytes: Buffer, maxBytes: number): Cut[] => {
  const cutter = new LineCutter(maxBytes)
  cutter.push(bytes)
  const cuts: Cut[] = []
  for (let payload = cutter.next(); payload !== undefined; payload = cutter.next()) cuts.push(cutOf(payload))
  const last = cutter.end()
  if (last !== undefined) cuts.push(cutOf(last))
  return cuts
}

/** Splits `bytes`, read in chunks of `sizes` into memory that is overwritten after each, into batches. */
const batchesOf = (bytes: Buffer, sizes: number[], maxBytes: number, batchBytes: number): Batch[] => {
  const splitter = new LineSplitter(maxBytes, batchBytes)
  const shared = Buffer.alloc(Math.max(...sizes))
  const batches: Batch[] = []
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = Math.min(sizes[i % sizes.length], bytes.length - at)
    bytes.copy(shared, 0, at, at + size)
    at += size
    batches.push(...splitter.push(shared.subarray(0, size)))
    shared.fill(0x41)
  }
  return [...batches, ...splitter.end()]
}

/** The payloads of the batches, judged in order; a payload over the limit has no body. */
const batchCuts = async (batches: Batch[], maxBytes: number): Promise<Cut[]> => {
  const cuts: Cut[] = []
  for (const batch of batches) await judgeBatch(batch, maxBytes, checkPayload, (payload) => cuts.push(cutOf(payload)))
  return cuts
}

describe('LineSplitter and judgeBatch', () => {
  it('cut any bytes, read in chunks of any sizes, into the payloads of the whole input, with its line numbers', async () => {
    const piece = fc.constantFrom(
      ...['{"a":1}', 'é', '€', ' ', '\t', '\r', 'xyz', '\n', '\r\n', '\n\n'].map((text) => Buffer.from(text)),
      Buffer.from([0xff]),
    )
    const input = fc.array(piece, { maxLength: 80 }).map((pieces) => Buffer.concat(pieces))
    const sizes = fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1 })
    await fc.assert(
      fc.asyncProperty(input, sizes, fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 40 }), async (bytes, chunkSizes, maxBytes, batchBytes) => {
        const batches = batchesOf(bytes, chunkSizes, maxBytes, batchBytes)
        expect(await batchCuts(batches, maxBytes)).toEqual(wholeInputCuts(bytes, maxBytes))
      }),
      { numRuns: 1000, seed: 5 },
    )
  })

  it('hands out batches of whole lines of about the batch size, each starting after the lines before it', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join('')
    const batches = batchesOf(Buffer.from(lines), [7], 100, 14)
    const wholeLines = batches.map((batch) => (batch.kind === 'lines' ? [batch.linesBefore, batch.bytes.toString()] : batch))
    expect(wholeLines).toEqual([
      [0, 'line 0\nline 1\n'],
      [2, 'line 2\nline 3\n'],
      [4, 'line 4\nline 5\n'],
      [6, 'line 6\nline 7\n'],
      [8, 'line 8\nline 9\n'],
    ])
  })

  it('counts a line over the limit that spans chunks without keeping it, as a long line in its place', () => {
    const splitter = new LineSplitter(10, 100)
    const out = [...splitter.push(Buffer.from('ok\nxxxxxxxx')), ...splitter.push(Buffer.from('xxxxxxxx')), ...splitter.push(Buffer.from('x\nok\n'))]
    expect([...out, ...splitter.end()].map((batch) => (batch.kind === 'lines' ? batch.bytes.toString() : batch))).toEqual([
      'ok\n',
      { kind: 'long line', line: 2, size: 17, unterminated: false },
      'ok\n',
    ])
    expect(splitter.linesRead).toBe(3)
    const last = new LineSplitter(4, 100)
    expect([...last.push(Buffer.from('ok\nxxx')), ...last.push(Buffer.from('xx'))]).toEqual([])
    expect(last.end().map((batch) => (batch.kind === 'lines' ? batch.bytes.toString() : batch))).toEqual([
      'ok\n',
      { kind: 'long line', line: 2, size: 5, unterminated: true },
    ])
  })

  it('hands out the whole lines read so far when reading stops, and drops the line begun', () => {
    const splitter = new LineSplitter(100, 1000)
    expect(splitter.push(Buffer.from('a\nb\nhalf a li'))).toEqual([])
    expect(splitter.linesRead).toBe(2)
    expect(splitter.flush().map((batch) => (batch.kind === 'lines' ? [batch.linesBefore, batch.bytes.toString()] : batch))).toEqual([[0, 'a\nb\n']])
    expect(splitter.flush()).toEqual([])
  })
})

describe('judgePart', () => {
  it('gives the output and the counts that judging the same lines in the run gives', async () => {
    const lines = [paidLine, 'not json', unknownStatusLine, updateLine, unknownStatusLine, '{"cut": ']
    const bytes = Buffer.from(lines.join('\n'))
    const batches = batchesOf(bytes, [4096], 1e6, paidLine.length * 2)
    expect(batches.length).toBeGreaterThan(1)
    for (const format of ['text', 'json'] as const) {
      // Judged in the run: one output, one summary.
      let inRun = ''
      const output = new Output({ write: (chunk, callback) => ((inRun += chunk.toString()), callback?.(), true) }, format, false)
      const summary = new Summary(2)
      for (const batch of batches) {
        await judgeBatch(batch, 1e6, checkPayload, (payload, outcome) => {
          const place = { file: 'in.ndjson', line: payload.line }
          const note = noteFor(outcome, payload.body, payload.unterminated)
          output.add(place, outcome, note)
          summary.countPayload(place, outcome, note)
        })
      }
      await output.flush()
      // Judged apart, a part per batch, then added up in order.
      const parts = await Promise.all(
        batches.map((batch) => judgePart('in.ndjson', batch, checkPayload, { format, quiet: false, failuresShown: 2, maxPayloadBytes: 1e6 })),
      )
      const added = new Summary(2)
      for (const part of parts) added.absorb(part.counts)
      expect(Buffer.concat(parts.map((part) => part.text)).toString()).toBe(inRun)
      expect(added.render()).toBe(summary.render())
      expect(added.render()).toContain('failures (first 2 of 4)')
    }
  })
})
