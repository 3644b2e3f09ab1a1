// The checker's worker thread, as built (dist/cli-worker.js): judges the batch it is sent as the run would, and
// sends back the results with the batch's memory, to be filled again.
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { judgePart } from '../../src/cli/batch'
import { checkPayload } from '../../src/cli/check'
import type { BatchMessage, PartMessage } from '../../src/cli/pool'
import { buildOnce, paidLine, root, unknownStatusLine } from './run-cli'

buildOnce()

describe('dist/cli-worker.js', () => {
  it("answers a batch with the run's results for it, and hands back the batch's memory", async () => {
    const settings = { format: 'text', quiet: false, failuresShown: 10, maxPayloadBytes: 1e6 } as const
    const text = `${paidLine}\n\n${unknownStatusLine}\n`
    const memory = new ArrayBuffer(4096)
    const bytes = Buffer.from(memory, 0, Buffer.byteLength(text))
    bytes.write(text)
    const batch = { kind: 'lines', bytes, linesBefore: 7, final: false } as const
    const expected = await judgePart('in.ndjson', { ...batch, bytes: Buffer.from(bytes) }, checkPayload, settings)

    const worker = new Worker(join(root, 'dist', 'cli-worker.js'), { workerData: settings })
    try {
      const answer = new Promise<PartMessage>((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
      const message: BatchMessage = { seq: 3, file: 'in.ndjson', batch }
      worker.postMessage(message, [memory])
      const { seq, part, memory: returned } = await answer
      expect(seq).toBe(3)
      expect(Buffer.from(part?.text ?? []).toString()).toBe(expected.text.toString())
      expect(Buffer.from(part?.text ?? []).toString()).toMatch(/^in\.ndjson:8: paid .* ok\nin\.ndjson:10: UNKNOWN_STATUS /)
      expect(part?.counts).toEqual(expected.counts)
      expect(returned?.byteLength).toBe(4096)
      // The results came back in the batch's own memory, after its lines: nothing was copied to send them.
      expect(part?.text.buffer).toBe(returned)
      expect(part?.text.byteOffset).toBe(Buffer.byteLength(text))
    } finally {
      await worker.terminate()
    }
  })
})
