// `npm run bench` (its last part): what a hostile body costs, each measurement in a fresh process. The body is a
// 10 MB bank-slip update whose `data.installments` are empty objects, about 3.4 million of them and three issues
// each, which an attacker can send wherever the decoder or `check` meets unsigned bytes. Printed: the time of
// `JSON.parse` of the body, of `decodeInstallmentWebhook` of it (which parses it too), their ratio, the issues
// listed and counted, and the peak RSS of each process and of `check` on a file holding the body as one line. Last,
// what the same body costs a receiver that verifies first (`receiver.receive`) when its signature was made for other
// bytes, as an attacker without QI Tech's key would send it: refused by its MD5, before anything parses it.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const RUNS = 3
const MEGABYTES = 10
const dir = mkdtempSync(join(tmpdir(), 'qitech-bench-hostile-'))
const usageFile = join(dir, 'usage.json')
const bodyFile = join(dir, 'hostile.ndjson')

const head = '{"key":"k","webhook_type":"installment.status_change","data":{"status":"update","installments":['
const items = Math.floor((MEGABYTES * 1e6 - head.length - 4) / 3)
writeFileSync(bodyFile, `${head}${'{},'.repeat(items - 1)}{}]}}\n`)

// The child reads the body, then times one call; the body's bytes are read before the clock starts.
const child = (call) => `
const body = require('node:fs').readFileSync(${JSON.stringify(bodyFile)}, 'utf8')
const { decodeInstallmentWebhook } = require(${JSON.stringify(join(root, 'dist', 'index.js'))})
const start = process.hrtime.bigint()
const result = ${call}
const ms = Number(process.hrtime.bigint() - start) / 1e6
const left = result._tag === 'Left' ? result.left : undefined
process.stdout.write(JSON.stringify({ ms, issues: left?.issues.length, omitted: left?.omittedIssues }))
`

// The same, for a receiver: the key pair and the headers (signed over another body) are made before the clock starts.
const receiverChild = `
const body = require('node:fs').readFileSync(${JSON.stringify(bodyFile)})
const { generateTestKeyPair, signTestWebhook } = require(${JSON.stringify(join(root, 'dist', 'testing.js'))})
const { createInstallmentWebhookReceiver } = require(${JSON.stringify(join(root, 'dist', 'signature.js'))})
;(async () => {
  const keys = await generateTestKeyPair()
  const receiver = await createInstallmentWebhookReceiver({ publicKeys: [keys.publicKey] })
  const headers = await signTestWebhook({ body: '{}', privateKey: keys.privateKey, path: '/webhooks/qitech' })
  const start = process.hrtime.bigint()
  const result = await receiver.receive({ headers, body, method: 'POST', path: '/webhooks/qitech' })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  process.stdout.write(JSON.stringify({ ms, code: result._tag === 'Left' ? result.left.code : 'accepted' }))
})()
`

/** Runs node with `args` and the usage reporter preloaded; its stdout as JSON, and its peak RSS in MB. */
const run = (args) => {
  const result = spawnSync(process.execPath, ['-r', join(root, 'bench', 'cli-usage.cjs'), ...args], {
    cwd: root,
    env: { ...process.env, CLI_BENCH_USAGE_FILE: usageFile },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  })
  const { maxRssKb } = JSON.parse(readFileSync(usageFile, 'utf8'))
  return { status: result.status, stdout: result.stdout, rssMb: maxRssKb / 1024 }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

try {
  const parse = []
  const decode = []
  let last
  for (let i = 0; i < RUNS; i++) {
    const p = run(['-e', child('({ _tag: "Right", right: JSON.parse(body) })')])
    const d = run(['-e', child('decodeInstallmentWebhook(body)')])
    parse.push({ ...JSON.parse(p.stdout), rssMb: p.rssMb })
    last = { ...JSON.parse(d.stdout), rssMb: d.rssMb }
    decode.push(last)
  }
  const check = run([join(root, 'dist', 'cli.js'), 'check', '--format', 'json', bodyFile])
  const forged = [0, 1, 2].map(() => run(['-e', receiverChild])).map((r) => ({ ...JSON.parse(r.stdout), rssMb: r.rssMb }))
  const parseMs = median(parse.map((r) => r.ms))
  const decodeMs = median(decode.map((r) => r.ms))
  const rows = [
    ['JSON.parse', `${parseMs.toFixed(0)} ms`, '', `${median(parse.map((r) => r.rssMb)).toFixed(0)} MB`],
    [
      'decodeInstallmentWebhook',
      `${decodeMs.toFixed(0)} ms (${(decodeMs / parseMs).toFixed(2)}x JSON.parse)`,
      `${last.issues} listed, ${last.omitted} counted`,
      `${median(decode.map((r) => r.rssMb)).toFixed(0)} MB`,
    ],
    ['check (one line in a file)', '', `exit code ${check.status}`, `${check.rssMb.toFixed(0)} MB`],
    [
      'receiver.receive, signed for other bytes',
      `${median(forged.map((r) => r.ms)).toFixed(1)} ms`,
      forged[0].code,
      `${median(forged.map((r) => r.rssMb)).toFixed(0)} MB`,
    ],
  ]
  process.stdout.write(`\n## A hostile ${MEGABYTES} MB body of ${items.toLocaleString('en')} empty installments (median of ${RUNS} processes)\n\n`)
  process.stdout.write('| | time | issues | peak RSS |\n|---|---|---|---|\n')
  for (const row of rows) process.stdout.write(`| ${row.join(' | ')} |\n`)
  process.stdout.write(
    `\ntargets: decode within 3x JSON.parse: ${decodeMs <= 3 * parseMs ? 'met' : 'NOT met'}; ` +
      `check under 150 MB: ${check.rssMb < 150 ? 'met' : 'NOT met'}; decode under 300 MB: ` +
      `${median(decode.map((r) => r.rssMb)) < 300 ? 'met' : 'NOT met'} (JSON.parse alone: ${median(parse.map((r) => r.rssMb)).toFixed(0)} MB)\n`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
