// A worker thread of `check` (dist/cli-worker.js): judges the batches the run sends it and sends back their results.
import { parentPort, workerData } from 'node:worker_threads'
import { type PartSettings, judgePart } from './batch'
import { checkPayload } from './check'
import type { BatchMessage, PartMessage } from './pool'

const settings = workerData as PartSettings

parentPort?.on('message', ({ seq, file, batch }: BatchMessage) => {
  // The bytes arrive as a plain Uint8Array; the cutter reads them as a Buffer, without a copy.
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength)
  void judgePart(file, { ...batch, bytes }, checkPayload, settings).then((part) => {
    const message: PartMessage = { seq, part }
    parentPort?.postMessage(message)
  })
})
