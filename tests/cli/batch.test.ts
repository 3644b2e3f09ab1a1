// Batches of whole lines: cut from chunks of any size and judged one by one, they give the payloads the whole input
// gives; and the results of a batch judged apart add up to the results of the same lines judged in the run.
import fc from 'fast-check'
import { type Batch, LineSplitter, judgeBatch, judgePart } from '../../src/cli/batch'
import { checkPayload } from '../../src/cli/check'
import { LineCutter } from '../../src/cli/input'
import { Output, noteFor } from '../../src/cli/output'
import { Summary } from '../../src/cli/summary'
import { type Cut, cutOf } from './cuts'
import { paidLine, unknownStatusLine, updateLine } from './run-cli'

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

/**
 * Splits `bytes`, read in chunks of `sizes` into memory that is overwritten after each, into batches, and hands each
 * to `use` before the next chunk is read, as a run does.
 */
const splitInto = async (bytes: Buffer, sizes: number[], maxBytes: number, use: (batch: Batch) => Promise<void>): Promise<void> => {
  const splitter = new LineSplitter(maxBytes)
  const shared = Buffer.alloc(Math.max(...sizes))
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = Math.min(sizes[i % sizes.length], bytes.length - at)
    bytes.copy(shared, 0, at, at + size)
    at += size
    for (const batch of splitter.push(shared.subarray(0, size))) await use(batch)
    shared.fill(0x41)
  }
  for (const batch of splitter.end()) await use(batch)
}

/** The batches of `bytes`, each copied as it comes out, so that they outlive the memory they were read into. */
const batchesOf = async (bytes: Buffer, sizes: number[], maxBytes: number): Promise<Batch[]> => {
  const batches: Batch[] = []
  await splitInto(bytes, sizes, maxBytes, async (batch) => {
    batches.push(batch.kind === 'lines' ? { ...batch, bytes: Buffer.from(batch.bytes) } : batch)
  })
  return batches
}

const shown = (batch: Batch) => (batch.kind === 'lines' ? [batch.linesBefore, batch.bytes.toString(), batch.final] : batch)

describe('LineSplitter and judgeBatch', () => {
  it('cut any bytes, read in chunks of any sizes, into the payloads of the whole input, with its line numbers', async () => {
    const piece = fc.constantFrom(
      ...['{"a":1}', 'é', '€', ' ', '\t', '\r', 'xyz', '\n', '\r\n', '\n\n'].map((text) => Buffer.from(text)),
      Buffer.from([0xff]),
    )
    const input = fc.array(piece, { maxLength: 80 }).map((pieces) => Buffer.concat(pieces))
    const sizes = fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1 })
    await fc.assert(
      fc.asyncProperty(input, sizes, fc.integer({ min: 1, max: 24 }), async (bytes, chunkSizes, maxBytes) => {
        const cuts: Cut[] = []
        await splitInto(bytes, chunkSizes, maxBytes, (batch) => judgeBatch(batch, maxBytes, checkPayload, (payload) => cuts.push(cutOf(payload))))
        expect(cuts).toEqual(wholeInputCuts(bytes, maxBytes))
      }),
      { numRuns: 1000, seed: 5 },
    )
  })

  it('hands out, for each chunk, the line it ends, then its own whole lines, each after the lines before it', async () => {
    const batches = await batchesOf(Buffer.from('line 0\nline 1\nline 2\nline 3\nline 4\nend'), [10, 20, 100], 100)
    expect(batches.map(shown)).toEqual([
      [0, 'line 0\n', false],
      [1, 'line 1\n', false],
      [2, 'line 2\nline 3\n', false],
      [4, 'line 4\n', false],
      [5, 'end', true],
    ])
  })

  it("hands out a chunk's own whole lines as a view of the chunk, not a copy", () => {
    const chunk = Buffer.from('a\nb\nc')
    const [batch] = new LineSplitter(100).push(chunk)
    expect(batch.kind === 'lines' && batch.bytes.buffer === chunk.buffer && batch.bytes.byteOffset === chunk.byteOffset).toBe(true)
  })

  it('counts a line over the limit that spans chunks without keeping it, as a long line in its place', () => {
    const splitter = new LineSplitter(10)
    const out = [...splitter.push(Buffer.from('ok\nxxxxxxxx')), ...splitter.push(Buffer.from('xxxxxxxx')), ...splitter.push(Buffer.from('x\nok\n'))]
    expect([...out, ...splitter.end()].map(shown)).toEqual([
      [0, 'ok\n', false],
      { kind: 'long line', line: 2, size: 17, unterminated: false },
      [2, 'ok\n', false],
    ])
    expect(splitter.linesRead).toBe(3)
    const last = new LineSplitter(4)
    expect([...last.push(Buffer.from('ok\nxxx')), ...last.push(Buffer.from('xx'))].map(shown)).toEqual([[0, 'ok\n', false]])
    expect(last.linesRead).toBe(1)
    expect(last.end()).toEqual([{ kind: 'long line', line: 2, size: 5, unterminated: true }])
  })
})

describe('judgePart', () => {
  it('gives the output and the counts that judging the same lines in the run gives', async () => {
    const lines = [paidLine, 'not json', unknownStatusLine, updateLine, unknownStatusLine, '{"cut": ']
    const bytes = Buffer.from(lines.join('\n'))
    const batches = await batchesOf(bytes, [paidLine.length * 2], 1e6)
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
      // What the progress line counts: every payload, judged in the run or apart.
      expect(summary.payloadsCounted).toBe(lines.length)
      expect(added.payloadsCounted).toBe(lines.length)
    }
  })

  it('gathers the output in the room it is given, and copies out in order what does not fit', async () => {
    const batch = { kind: 'lines', bytes: Buffer.from(`${paidLine}\nnot json\n${unknownStatusLine}\n`), linesBefore: 0, final: false } as const
    const settings = { format: 'text', quiet: false, failuresShown: 2, maxPayloadBytes: 1e6 } as const
    const alone = await judgePart('in.ndjson', batch, checkPayload, settings)
    const room = Buffer.alloc(4096)
    const roomy = await judgePart('in.ndjson', batch, checkPayload, settings, room)
    expect(roomy.text.buffer).toBe(room.buffer)
    expect(Buffer.from(roomy.text).toString()).toBe(Buffer.from(alone.text).toString())
    // A room too small for even one result: every result is copied out, none lost or reordered.
    const cramped = await judgePart('in.ndjson', batch, checkPayload, settings, Buffer.alloc(16))
    expect(Buffer.from(cramped.text).toString()).toBe(Buffer.from(alone.text).toString())
    expect(Buffer.from(alone.text).toString().split('\n')).toHaveLength(4)
  })
})
