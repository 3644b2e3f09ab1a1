// The baselines of `npm run bench:cli`: plain loops that run JSON.parse on each line of an NDJSON file and nothing
// else, the floor any checker of the same file stands on; and, for reference, the quickest of them running the
// package's decoder instead.
// Usage: node bench/cli-baseline.mjs stream|reused|whole|readline|decode <file>; prints the number of lines parsed.
import { Buffer } from 'node:buffer'
import { createReadStream, readFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'

const [loop, file] = process.argv.slice(2)

/** Reads `file` into one reused 1 MB buffer and hands each line's text to `parse`; returns the number of lines. */
const reusedBufferLoop = async (parse) => {
  let count = 0
  const handle = await open(file)
  const buffer = Buffer.allocUnsafe(1 << 20)
  let kept = 0
  for (;;) {
    const { bytesRead } = await handle.read(buffer, kept, buffer.length - kept, null)
    if (bytesRead === 0) break
    const end = kept + bytesRead
    let start = 0
    for (let newline = buffer.indexOf(10); newline !== -1 && newline < end; newline = buffer.indexOf(10, start)) {
      if (newline > start) {
        parse(buffer.toString('utf8', start, newline))
        count++
      }
      start = newline + 1
    }
    // The start of the next line moves to the front of the buffer (lines are shorter than the buffer here).
    kept = buffer.copy(buffer, 0, start, end)
  }
  await handle.close()
  return count
}

const loops = {
  // Reads the file as a stream (Node's default 64 kB chunks) and parses each line from its bytes.
  stream: async () => {
    let count = 0
    let rest = Buffer.alloc(0)
    for await (const chunk of createReadStream(file)) {
      let start = 0
      for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
        const line = rest.length === 0 ? chunk.subarray(start, end) : Buffer.concat([rest, chunk.subarray(start, end)])
        rest = Buffer.alloc(0)
        if (line.length > 0) {
          JSON.parse(line.toString())
          count++
        }
        start = end + 1
      }
      rest = Buffer.concat([rest, chunk.subarray(start)])
    }
    return count
  },
  // Reads the file into one reused 1 MB buffer, as the checker does, and parses each line from its bytes.
  reused: async () => reusedBufferLoop((text) => JSON.parse(text)),
  // The same loop with the package's decoder in place of JSON.parse: the checker's floor, as the decoder sets it.
  decode: async () => {
    const { decodeInstallmentWebhook } = createRequire(import.meta.url)('../dist/index.js')
    return reusedBufferLoop((text) => {
      if (decodeInstallmentWebhook(text)._tag !== 'Right') throw new Error('a line did not decode')
    })
  },
  // Reads the whole file at once and splits it, as a short script would.
  whole: async () => {
    let count = 0
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line === '') continue
      JSON.parse(line)
      count++
    }
    return count
  },
  // The loop most scripts are written with: node:readline over a read stream.
  readline: async () => {
    let count = 0
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (line === '') continue
      JSON.parse(line)
      count++
    }
    return count
  },
}

if (!(loop in loops) || file === undefined) {
  process.stderr.write('usage: node bench/cli-baseline.mjs stream|reused|whole|readline|decode <file>\n')
  process.exitCode = 2
} else {
  process.stdout.write(`${await loops[loop]()}\n`)
}
