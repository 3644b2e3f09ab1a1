// `npm run bench:cli-memory [-- --megabytes 1000]`, and the end of `npm run bench:cli`
//
// The peak RSS of `qitech-installment-webhooks check` on a large NDJSON file: it writes a file of valid deliveries
// (1 GB by default) to a scratch folder and runs the checker over it as a file, piped into stdin, gzipped, and with
// JSON results, each as its own process; then over a file holding one hostile 10 MB line, a bank-slip update of
// millions of empty installments, whose failure the decoder bounds. The kernel's count of the peak RSS is read at
// exit by a preloaded bench/cli-usage.cjs. The targets: under 80 MB on the large file, whatever its size, and under
// 150 MB on the hostile line. Node's own start-up with the core loaded, and Node parsing the hostile line with
// JSON.parse alone, are measured for comparison. The scratch folder is removed at the end.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createReadStream, createWriteStream, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { createGzip } from 'node:zlib'
import { cliPath, megabytes, root, scratchDir, writeDeliveries } from './cli-input.mjs'

// The other options are bench/cli-throughput.mjs's, when it runs this file at its end.
const { values: args } = parseArgs({ strict: false, options: { megabytes: { type: 'string', default: '1000' } } })
const TARGET_MB = 80
const HOSTILE_TARGET_MB = 150

const dir = scratchDir('qitech-bench-cli-memory-')
const file = join(dir, 'deliveries.ndjson')
const usageFile = join(dir, 'usage.json')
process.stdout.write(`writing ${args.megabytes} MB of deliveries to ${dir} ...\n`)
const { lines, bytes } = await writeDeliveries(file, { bytes: Number(args.megabytes) * 1e6 })
await pipeline(createReadStream(file), createGzip({ level: 1 }), createWriteStream(`${file}.gz`))
const hostile = join(dir, 'hostile.ndjson')
const items = '{},'.repeat(Math.floor(10e6 / 3) - 40)
writeFileSync(hostile, `{"key":"k","webhook_type":"installment.status_change","data":{"status":"update","installments":[${items}{}]}}\n`)

/** Runs node with `nodeArgs`, `stdin` (a file to pipe in) if given; resolves to its exit code, time and peak RSS. */
const measure = async (nodeArgs, stdin) => {
  const start = process.hrtime.bigint()
  const child = spawn(process.execPath, ['-r', join(root, 'bench', 'cli-usage.cjs'), ...nodeArgs], {
    cwd: root,
    env: { ...process.env, CLI_BENCH_USAGE_FILE: usageFile },
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'],
  })
  if (stdin !== undefined) await pipeline(createReadStream(stdin), child.stdin)
  const [code] = await once(child, 'close')
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const { maxRssKb } = JSON.parse(readFileSync(usageFile, 'utf8'))
  return { code, seconds, rssMb: (maxRssKb * 1024) / 1e6 }
}

const runs = [
  { title: 'Node start-up with the core loaded (for comparison)', args: ['-e', 'require("./dist/index.js")'] },
  { title: 'check <file>', args: [cliPath, 'check', file] },
  { title: 'check --format json <file>', args: [cliPath, 'check', '--format', 'json', file] },
  { title: 'check - (the file piped into stdin)', args: [cliPath, 'check', '-'], stdin: file },
  { title: 'check <file>.gz', args: [cliPath, 'check', `${file}.gz`] },
  { title: 'JSON.parse of the hostile 10 MB line alone (for comparison)', args: ['-e', `JSON.parse(require("fs").readFileSync(${JSON.stringify(hostile)}, "utf8"))`] },
  { title: 'check <hostile 10 MB line>', args: [cliPath, 'check', hostile], hostile: true, exits: 1 },
]

process.stdout.write(`input: ${lines.toLocaleString('en-US')} lines, ${megabytes(bytes)}\n\n| run | peak RSS | time | exit |\n| --- | --- | --- | --- |\n`)
let worst = 0
let hostileMb = 0
for (const run of runs) {
  const { code, seconds, rssMb } = await measure(run.args, run.stdin)
  if (run.hostile === true) hostileMb = rssMb
  else if (run.args[0] === cliPath) worst = Math.max(worst, rssMb)
  process.stdout.write(`| ${run.title} | ${rssMb.toFixed(1)} MB | ${seconds.toFixed(1)} s | ${code} |\n`)
  if (code !== (run.exits ?? 0)) process.exitCode = 1
}
const verdict = (mb, target) => `${mb.toFixed(1)} MB; target under ${target} MB: ${mb < target ? 'met' : 'NOT met'}`
process.stdout.write(
  `\nhighest peak RSS of the checker on the large file: ${verdict(worst, TARGET_MB)}\n` +
    `peak RSS of the checker on the hostile line: ${verdict(hostileMb, HOSTILE_TARGET_MB)}\n`,
)
