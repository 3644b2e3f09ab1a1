// Worker threads that judge `check`'s batches side by side, their results handed back in the order the batches were
// read. Decoding is nearly all of the work, so a second core almost doubles how many payloads a second are checked.
import { Worker } from 'node:worker_threads'
import type { LineBatch, Part, PartSettings } from './batch'

/** What the run sends a worker: a batch of `file`, numbered in the order read. */
export interface BatchMessage {
  readonly seq: number
  readonly file: string
  readonly batch: LineBatch
}

/** What a worker sends back: the results of batch `seq`. */
export interface PartMessage {
  readonly seq: number
  readonly part: Part
}

// Past this many batches waiting per worker, reading waits: memory stays bounded whatever the size of the input.
const BATCHES_PER_WORKER = 2

/** Worker threads judging batches, and the results that came back, given out in the order the batches went in. */
export class WorkerPool {
  private readonly workers: Worker[]
  private readonly busy: number[]
  private readonly parts = new Map<number, Part>()
  private sent = 0
  private taken = 0
  private wake: (() => void) | undefined
  private failure: Error | undefined
  private closing = false

  /**
   * @param path the worker's script (dist/cli-worker.js)
   * @param size how many worker threads to start
   */
  constructor(path: string, size: number, settings: PartSettings) {
    this.busy = Array.from({ length: size }, () => 0)
    this.workers = this.busy.map((_, index) => {
      const worker = new Worker(path, { workerData: settings })
      worker.on('message', ({ seq, part }: PartMessage) => {
        this.busy[index]--
        this.parts.set(seq, part)
        this.wakeUp()
      })
      worker.on('error', (error) => this.fail(error))
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`a worker thread stopped with exit code ${code}`))
      })
      return worker
    })
  }

  /** Whether the pool holds as many batches as it should: the next result is worth waiting for before reading on. */
  get full(): boolean {
    return this.sent - this.taken >= this.workers.length * BATCHES_PER_WORKER
  }

  /** Whether batches are still out, their results not yet taken. */
  get pending(): boolean {
    return this.sent > this.taken
  }

  /** Whether the next result in order has come back. */
  get ready(): boolean {
    return this.parts.has(this.taken)
  }

  /** Sends a batch to the least busy worker. */
  submit(file: string, batch: LineBatch): void {
    const index = this.busy.indexOf(Math.min(...this.busy))
    this.busy[index]++
    const message: BatchMessage = { seq: this.sent++, file, batch }
    const { buffer, byteOffset, byteLength } = batch.bytes
    // A batch that owns its memory moves to the worker rather than being copied.
    const transfer = byteOffset === 0 && byteLength === buffer.byteLength ? [buffer as ArrayBuffer] : []
    this.workers[index].postMessage(message, transfer)
  }

  /** The next result in the order the batches went in; rejects if a worker failed. */
  async take(): Promise<Part> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure
      const part = this.parts.get(this.taken)
      if (part !== undefined) {
        this.parts.delete(this.taken++)
        return part
      }
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.closing = true
    await Promise.all(this.workers.map((worker) => worker.terminate()))
  }

  private fail(error: Error): void {
    this.failure ??= error
    this.wakeUp()
  }

  private wakeUp(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}
