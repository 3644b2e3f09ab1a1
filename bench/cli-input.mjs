// Shared by the checker's benchmarks: an NDJSON file of valid deliveries, written to a scratch folder that the
// benchmark removes when it ends.
import { Buffer } from 'node:buffer'
import { once } from 'node:events'
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('..', import.meta.url))
export const cliPath = join(root, 'dist', 'cli.js')

/** Every valid fixture, compacted to one line: status changes of every status, and bank-slip updates. */
export const fixtureLines = () => {
  const dir = join(root, 'fixtures')
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.stringify(JSON.parse(readFileSync(join(dir, name), 'utf8'))))
}

const STATUSES = ['opened', 'waiting_payment', 'paid', 'paid_early', 'paid_partial', 'overdue', 'paid_partial_overdue', 'paid_overdue']

/**
 * 2,000 distinct deliveries, shaped as a capture of one integration's traffic holds them: status changes of every
 * status and, one in ten, a bank-slip update of one to three charges, each with its own keys, amounts and dates
 * (built with the package's test builders, from dist/).
 */
export const trafficLines = () => {
  const { buildBankSlipUpdateWebhook, buildStatusChangeWebhook } = createRequire(import.meta.url)(join(root, 'dist', 'testing.js'))
  const uuid = (i, salt) => `${(0x10000000 + i * 7919 + salt).toString(16).slice(-8)}-4e57-4f28-9fa8-${String(i).padStart(12, '0')}`
  const day = (i) => new Date(Date.UTC(2024, 0, 1) + (i % 700) * 86_400_000).toISOString().slice(0, 10)
  return Array.from({ length: 2000 }, (_, i) => {
    if (i % 10 === 9) {
      const template = buildBankSlipUpdateWebhook().data.installments[0]
      const installments = Array.from({ length: 1 + (i % 3) }, (_, k) => ({
        ...template,
        installment_key: uuid(i, k),
        due_date: day(i + 30 * k),
        total_amount: Math.round(10_000 + i * 137.31 + k) / 100,
      }))
      return JSON.stringify(buildBankSlipUpdateWebhook({ key: uuid(i, 100), data: { installments } }))
    }
    const webhook = buildStatusChangeWebhook(STATUSES[i % STATUSES.length], {
      key: uuid(i, 200),
      data: { installment: { installment_key: uuid(i, 300), due_date: day(i), total_amount: Math.round(50_000 + i * 731.7) / 100 } },
    })
    return JSON.stringify(webhook)
  })
}

/** The lines a benchmark writes: `traffic` (the default) or `fixtures`, every valid fixture in turn. */
export const deliveryLines = (input = 'traffic') => (input === 'fixtures' ? fixtureLines() : trafficLines())

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
 * Writes the lines of `input` (see {@link deliveryLines}) in turn to `file` until it holds `lines` lines or `bytes` bytes, whichever limit is
 * given; returns how many lines and bytes it wrote.
 */
export const writeDeliveries = async (file, { lines = Infinity, bytes = Infinity, input = 'traffic' }) => {
  const pool = deliveryLines(input).map((line) => `${line}\n`)
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
