// A stand-in for dist/cli-worker.js in tests/cli/pool.test.ts that cannot judge the second batch it is sent.
import { Buffer } from 'node:buffer'
import { parentPort } from 'node:worker_threads'

let batches = 0
parentPort.on('message', ({ seq, batch }) => {
  if (++batches === 2) {
    parentPort.postMessage({ seq, error: 'a batch this worker cannot judge' })
    return
  }
  const counts = { payloads: 0, passed: 0, outcomes: new Map(), codes: new Map(), statuses: new Map(), failureCount: 0, failures: [] }
  const memory = batch.bytes.buffer
  parentPort.postMessage({ seq, part: { text: Buffer.alloc(0), counts }, memory }, [memory])
})
