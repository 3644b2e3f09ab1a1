// Worker threads that judge `check`'s batches beside the main thread, their results handed back in the order the
// batches were read. Decoding is most of the work, so each core added checks more payloads a second; not twice as
// many, since the main thread also reads, copies the lines out and writes every result.
import { Worker } from 'node:worker_threads'
import { type Judge, type LineBatch, type Part, type PartSettings, judgePart } from './batch'

/** What the run sends a worker: whole lines of `file`, numbered in the order read. */
export interface BatchMessage {
  readonly seq: number
  readonly file: string
  readonly batch: LineBatch
}

/**
 * What a worker sends back: the results of batch `seq`, and the memory the batch came in, which holds the results
 * (when they fit) and is filled again once they are written; or why it could not judge the batch.
 */
export type PartMessage =
  | { readonly seq: number; readonly part: Part; readonly memory: ArrayBuffer; readonly error?: undefined }
  | { readonly seq: number; readonly part?: undefined; readonly memory?: undefined; readonly error: string }

// Lines gather in a slot until it holds this much, then go to a worker as one message: some 300 to 600 payloads of
// the usual size, so messages cost little beside the decoding. A 1 MB read of a file fills a slot at once.
const SEND_BYTES = 512 * 1024
// A slot has room for a whole 1 MB read and more; a longer line gets memory of its own, used once.
const SLOT_BYTES = 2 * 1024 * 1024
// What a slot keeps free after its lines for their results: text results take a tenth or less of the bytes of
// their lines, and what does not fit is copied out.
const RESULT_ROOM_BYTES = 256 * 1024
// Past this many batches out per worker, the main thread judges the next batch itself, and reading waits for it:
// memory stays bounded whatever the size of the input.
const BATCHES_PER_WORKER = 2
// The results of batches the main thread judged wait, in memory of their own (a few tens of kB each), for the
// workers' results before them. A worker that starts slowly, as each does while it compiles the decoder, then holds
// up the main thread only once this many batches are out.
const BATCHES_AHEAD = 16

interface Slot {
  readonly file: string
  readonly linesBefore: number
  readonly memory: Buffer
  used: number
}

/**
 * Worker threads judging batches, with the main thread judging a batch itself whenever every worker has enough to
 * do, and the results given out in the order the batches went in. Batches move to the workers in slots of memory
 * that come back with the results and are filled again: the memory in use stays at a few slots, rather than growing
 * with freed buffers that the allocator keeps.
 */
export class WorkerPool {
  private readonly workers: Worker[]
  private readonly busy: number[]
  // The results, in their slot's memory or their room, which is filled again once they are written.
  private readonly parts = new Map<number, { readonly part: Part; readonly memory: Buffer }>()
  private readonly free: Buffer[] = []
  // Memory for the results of the batches the main thread judges, filled again once they are written, as slots are.
  // A fresh copy per batch lived, waiting for a worker's results before it, long enough to reach V8's old generation,
  // and such copies piled up there until a full collection: some 20 MB more peak RSS on a 1 GB input.
  private readonly rooms: Buffer[] = []
  private open: Slot | undefined
  private sent = 0
  private taken = 0
  private wake: (() => void) | undefined
  private failure: Error | undefined
  private closing = false

  /**
   * @param path the worker's script (dist/cli-worker.js)
   * @param size how many worker threads to start
   * @param judge how the main thread judges a payload, as the workers do
   */
  constructor(
    path: string,
    size: number,
    private readonly settings: PartSettings,
    private readonly judge: Judge,
  ) {
    this.busy = Array.from({ length: size }, () => 0)
    this.workers = this.busy.map((_, index) => {
      const worker = new Worker(path, { workerData: settings })
      worker.on('message', ({ seq, part, memory, error }: PartMessage) => {
        if (error !== undefined) {
          this.fail(new Error(`a worker thread failed: ${error}`))
          return
        }
        this.busy[index]--
        this.parts.set(seq, { part, memory: Buffer.from(memory) })
        this.wakeUp()
      })
      worker.on('error', (error) => this.fail(error))
      worker.on('messageerror', (error) => this.fail(error))
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`a worker thread stopped with exit code ${code}`))
      })
      return worker
    })
  }

  /** Whether lines are gathered or out whose results have not been taken. */
  get pending(): boolean {
    return this.open !== undefined || this.sent > this.taken
  }

  /**
   * Whether so many results are waiting behind the oldest one out that the run should wait for it before adding
   * more: a slow worker then holds up the run, not memory.
   */
  get tooFarAhead(): boolean {
    return this.sent - this.taken >= Math.max(BATCHES_AHEAD, (this.workers.length + 1) * BATCHES_PER_WORKER)
  }

  /** Whether the next result in order has come back. */
  get ready(): boolean {
    return this.parts.has(this.taken)
  }

  /**
   * Copies a batch into the open slot, which is judged once it holds enough, or the input's last line. The batch
   * must follow the slot's lines in the same input; a batch of another input has the slot judged first.
   */
  async add(file: string, batch: LineBatch): Promise<void> {
    if (this.failure !== undefined) throw this.failure
    const { bytes } = batch
    const open = this.open
    if (open !== undefined && (open.file !== file || open.used + bytes.length > open.memory.length - RESULT_ROOM_BYTES)) await this.send()
    this.open ??= {
      file,
      linesBefore: batch.linesBefore,
      memory:
        bytes.length <= SLOT_BYTES - RESULT_ROOM_BYTES
          ? (this.free.pop() ?? Buffer.allocUnsafeSlow(SLOT_BYTES))
          : Buffer.allocUnsafeSlow(bytes.length + RESULT_ROOM_BYTES),
      used: 0,
    }
    this.open.used += bytes.copy(this.open.memory, this.open.used)
    if (batch.final) await this.send(true)
    else if (this.open.used >= SEND_BYTES) await this.send()
  }

  /** Has the lines gathered so far judged. */
  async flush(): Promise<void> {
    if (this.open !== undefined) await this.send()
  }

  /**
   * Hands the next result, in the order the batches went in, to `write`, which must be done with it when it returns:
   * its memory is then filled again. Rejects if a worker failed.
   */
  async take(write: (part: Part) => void): Promise<void> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure
      const next = this.parts.get(this.taken)
      if (next !== undefined) {
        this.parts.delete(this.taken++)
        write(next.part)
        this.reuse(next.memory)
        return
      }
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    this.closing = true
    await Promise.all(this.workers.map((worker) => worker.terminate()))
  }

  /**
   * Sends the open slot to the least busy worker, its memory with it, to come back with the results; or, when every
   * worker has enough to do, judges it on the main thread.
   */
  private async send(final = false): Promise<void> {
    const { file, linesBefore, memory, used } = this.open as Slot
    this.open = undefined
    const seq = this.sent++
    const batch: LineBatch = { kind: 'lines', bytes: memory.subarray(0, used), linesBefore, final }
    const least = Math.min(...this.busy)
    if (least >= BATCHES_PER_WORKER) {
      // The results gather in a room of their own; the slot is filled again at once.
      const room = this.rooms.pop() ?? Buffer.allocUnsafeSlow(RESULT_ROOM_BYTES)
      const part = await judgePart(file, batch, this.judge, this.settings, room)
      this.reuse(memory)
      this.parts.set(seq, { part, memory: room })
      return
    }
    const index = this.busy.indexOf(least)
    this.busy[index]++
    const message: BatchMessage = { seq, file, batch }
    this.workers[index].postMessage(message, [memory.buffer as ArrayBuffer])
  }

  /**
   * Keeps the memory of a slot, or of the results of a batch the main thread judged, to be filled again; memory of
   * its own, for one long line, is let go.
   */
  private reuse(memory: Buffer): void {
    if (memory.length === SLOT_BYTES) this.free.push(memory)
    else if (memory.length === RESULT_ROOM_BYTES) this.rooms.push(memory)
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
