// A stand-in for dist/cli-worker.js in tests/cli/pool.test.ts: answers each batch with one line that names it, slowly,
// and the even batches later still, so that answers come back out of order.
import { Buffer } from 'node:buffer'
import { setTimeout } from 'node:timers'
import { parentPort } from 'node:worker_threads'

parentPort.on('message', ({ seq, file, batch }) => {
  const text = Buffer.from(`${file}: batch ${seq}, after line ${batch.linesBefore}, from a worker\n`)
  const counts = {
    payloads: 1,
    passed: 0,
    outcomes: new Map([['invalid', 1]]),
    codes: new Map([['FROM_A_WORKER', 1]]),
    statuses: new Map(),
    failureCount: 1,
    failures: [`batch ${seq}`],
  }
  const memory = batch.bytes.buffer
  setTimeout(() => parentPort.postMessage({ seq, part: { text, counts }, memory }, [memory]), seq % 2 === 0 ? 150 : 50)
})
