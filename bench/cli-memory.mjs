// `npm run bench:cli-memory [-- --megabytes 1000]`
//
// The peak RSS of `qitech-installment-webhooks check` on a large NDJSON file: it writes a file of valid deliveries
// (1 GB by default) to a scratch folder and runs the checker over it as a file, piped into stdin, gzipped, and with
// JSON results, each as its own process. The kernel's count of the peak RSS is read at exit by a preloaded
// bench/cli-usage.cjs. The target is under about 100 MB whatever the size of the input, with the default threads:
// two for the file on a machine of two cores or more, one for stdin and gzip input. Node's own start-up, with the
// core loaded, is measured too for comparison; --jobs 1 shows one thread on the file, and --jobs 2 on stdin and
// gzip input and --jobs 4 show what each thread more costs. The scratch folder is removed at the end.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createReadStream, createWriteStream, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { createGzip } from 'node:zlib'
import { cliPath, megabytes, root, scratchDir, writeDeliveries } from './cli-input.mjs'

const { values: args } = parseArgs({ options: { megabytes: { type: 'string', default: '1000' } } })
const TARGET_MB = 100

const dir = scratchDir('qitech-bench-cli-memory-')
const file = join(dir, 'deliveries.ndjson')
const usageFile = join(dir, 'usage.json')
process.stdout.write(`writing ${args.megabytes} MB of deliveries to ${dir} ...\n`)
const { lines, bytes } = await writeDeliveries(file, { bytes: Number(args.megabytes) * 1e6 })
await pipeline(createReadStream(file), createGzip({ level: 1 }), createWriteStream(`${file}.gz`))

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
  { title: 'check --jobs 1 <file>', args: [cliPath, 'check', '--jobs', '1', file] },
  { title: 'check --jobs 2 - (beyond the default)', args: [cliPath, 'check', '--jobs', '2', '-'], stdin: file, beyondDefault: true },
  { title: 'check --jobs 2 <file>.gz (beyond the default)', args: [cliPath, 'check', '--jobs', '2', `${file}.gz`], beyondDefault: true },
  { title: 'check --jobs 4 <file> (beyond the default)', args: [cliPath, 'check', '--jobs', '4', file], beyondDefault: true },
]

process.stdout.write(`input: ${lines.toLocaleString('en-US')} lines, ${megabytes(bytes)}\n\n| run | peak RSS | time | exit |\n| --- | --- | --- | --- |\n`)
let worst = 0
for (const run of runs) {
  const { code, seconds, rssMb } = await measure(run.args, run.stdin)
  if (run.args[0] === cliPath && run.beyondDefault !== true) worst = Math.max(worst, rssMb)
  process.stdout.write(`| ${run.title} | ${rssMb.toFixed(1)} MB | ${seconds.toFixed(1)} s | ${code} |\n`)
  if (code !== 0) process.exitCode = 1
}
process.stdout.write(
  `\nhighest peak RSS of the checker with the default --jobs or fewer: ${worst.toFixed(1)} MB; target under about ${TARGET_MB} MB: ${worst < TARGET_MB ? 'met' : 'NOT met'}\n`,
)
