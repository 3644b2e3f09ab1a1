// Shared by the checker's benchmarks: an NDJSON file of valid deliveries, written to a scratch folder that the
// benchmark removes when it ends.
import { Buffer } from 'node:buffer'
import { once } from 'node:events'
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('..', import.meta.url))
export const cliPath = join(root, 'dist', 'cli.js')

/** Every valid fixture, compacted to one line: status changes of every status, and bank-slip updates. */
export const deliveryLines = () => {
  const dir = join(root, 'fixtures')
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.stringify(JSON.parse(readFileSync(join(dir, name), 'utf8'))))
}

/** A scratch folder, removed at exit, also on Ctrl-C. */
export const scratchDir = (prefix) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const remove = () => rmSync(dir, { recursive: true, force: true })
  process.on('exit', remove)
  process.on('SIGINT', () => {
    remove()
    process.exit(130)
  })
  return dir
}

/**
 * Writes the fixtures' lines in turn to `file` until it holds `lines` lines or `bytes` bytes, whichever limit is
 * given; returns how many lines and bytes it wrote.
 */
export const writeDeliveries = async (file, { lines = Infinity, bytes = Infinity }) => {
  const pool = deliveryLines().map((line) => `${line}\n`)
  const out = createWriteStream(file, { highWaterMark: 1 << 20 })
  let written = { lines: 0, bytes: 0 }
  for (let i = 0; written.lines < lines && written.bytes < bytes; i++) {
    const line = pool[i % pool.length]
    written = { lines: written.lines + 1, bytes: written.bytes + Buffer.byteLength(line) }
    if (!out.write(line)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'close')
  return written
}

/** `bytes` as megabytes, one decimal. */
export const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`
