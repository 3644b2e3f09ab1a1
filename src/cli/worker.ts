// A worker thread of `check` (dist/cli-worker.js): judges the batches the run sends it and sends back their results.
import { parentPort, workerData } from 'node:worker_threads'
import { type PartSettings, judgePart } from './batch'
import { checkPayload } from './check'
import type { BatchMessage, PartMessage } from './pool'

const settings = workerData as PartSettings

parentPort?.on('message', ({ seq, file, batch }: BatchMessage) => {
  // The bytes arrive as a plain Uint8Array; the cutter reads them as a Buffer, without a copy. The results gather in
  // the same memory, after the lines.
  const { buffer, byteOffset, byteLength } = batch.bytes
  const bytes = Buffer.from(buffer, byteOffset, byteLength)
  const room = Buffer.from(buffer, byteOffset + byteLength)
  judgePart(file, { ...batch, bytes }, checkPayload, settings, room).then(
    (part) => {
      // The memory goes back with the results in it, to be filled again once they are written; nothing here reads
      // it after this.
      const message: PartMessage = { seq, part, memory: buffer as ArrayBuffer }
      parentPort?.postMessage(message, [buffer as ArrayBuffer])
    },
    // A batch that cannot be judged fails the run, rather than be lost or waited for.
    (error: unknown) => {
      const message: PartMessage = { seq, error: error instanceof Error ? error.message : String(error) }
      parentPort?.postMessage(message)
    },
  )
})

// An ES module for esbuild, as src/cli.ts is: the worker shares the core's modules with the library's ESM chunks,
// and bundled as CommonJS it would wrap them in lazy initialisers that defeat the library's tree-shaking.
export {}
