// `npm run bench:cli [-- --lines 100000 --rounds 7 --input traffic|fixtures --megabytes 1000]`
//
// How fast `qitech-installment-webhooks check` reads an NDJSON file, against plain loops that only run JSON.parse
// on each line of the same file (bench/cli-baseline.mjs), then its peak RSS on a large file (bench/cli-memory.mjs).
// It writes a file of valid deliveries to a scratch folder, one per line: with `--input traffic` (the default),
// 2,000 distinct deliveries shaped as one integration's traffic is (see bench/cli-input.mjs); with `--input
// fixtures`, every valid fixture in turn, whose deliberately varied shapes are the worst case for the decoder. It
// then runs each contender as its own process, as an operator would, in a rotating order over several rounds so
// that a busy machine slows them alike. Times are wall-clock times of the whole process, Node's start-up included;
// the figure for each is the median over the rounds. The ratio is the checker's speed over the baseline's: 1.00 is
// as fast as JSON.parse alone, and the target is at least 0.70 against the quickest baseline. The checker runs on
// one thread, as the loops do; its results go to /dev/null, as with `> results.txt`. The scratch folder is removed
// at the end.
import { spawnSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { cliPath, megabytes, root, scratchDir, writeDeliveries } from './cli-input.mjs'

const { values: args } = parseArgs({
  // --megabytes is bench/cli-memory.mjs's.
  strict: false,
  options: {
    lines: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '7' },
    input: { type: 'string', default: 'traffic' },
  },
})
const lineCount = Number(args.lines)
const rounds = Number(args.rounds)
const TARGET = 0.7

const dir = scratchDir('qitech-bench-cli-')
const file = join(dir, 'deliveries.ndjson')
const { bytes } = await writeDeliveries(file, { lines: lineCount, input: args.input })

const baseline = (loop) => ['bench/cli-baseline.mjs', loop, file]
const contenders = [
  { id: 'baseline: stream', title: 'JSON.parse loop, read stream', args: baseline('stream'), baseline: true },
  { id: 'baseline: reused', title: 'JSON.parse loop, one reused 1 MB buffer', args: baseline('reused'), baseline: true },
  { id: 'baseline: whole', title: 'JSON.parse loop, readFileSync + split', args: baseline('whole'), baseline: true },
  { id: 'baseline: readline', title: 'JSON.parse loop, node:readline', args: baseline('readline'), baseline: true },
  { id: 'decode loop', title: 'reference: the reused-buffer loop running decodeInstallmentWebhook', args: baseline('decode') },
  { id: 'check', title: 'check (text results)', args: [cliPath, 'check', file] },
  { id: 'check --format json', title: 'check --format json', args: [cliPath, 'check', '--format', 'json', file] },
  { id: 'check --quiet', title: 'check --quiet', args: [cliPath, 'check', '--quiet', file] },
]

const usageFile = join(dir, 'usage.json')
const preload = join(root, 'bench', 'cli-usage.cjs')

/** Runs a contender once; returns its wall-clock and CPU milliseconds. */
const runOnce = (contender) => {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, ['-r', preload, ...contender.args], {
    cwd: root,
    env: { ...process.env, CLI_BENCH_USAGE_FILE: usageFile },
    stdio: ['ignore', contender.args[0] === cliPath ? 'ignore' : 'pipe', 'pipe'],
  })
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6
  const parsed = contender.args[0] === cliPath ? lineCount : Number(result.stdout.toString())
  if (result.status !== 0 || parsed !== lineCount) {
    throw new Error(`${contender.id} exited ${result.status} after ${parsed} lines: ${result.stderr.toString()}`)
  }
  return { wallMs, cpuMs: JSON.parse(readFileSync(usageFile, 'utf8')).cpuMs }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

process.stdout.write(
  `Node ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg()[0].toFixed(2)}\n` +
    `input: ${lineCount.toLocaleString('en-US')} lines, ${megabytes(bytes)}; ${rounds} rounds\n\n`,
)

// One warm-up run each, so the file is in the page cache for every contender alike.
for (const contender of contenders) runOnce(contender)
const times = new Map(contenders.map((contender) => [contender.id, []]))
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < contenders.length; i++) {
    const contender = contenders[(round + i) % contenders.length]
    times.get(contender.id).push(runOnce(contender))
  }
}

const fastest = (values) => Math.min(...values)

/** Prints one table of `measure` (wall-clock or CPU milliseconds) and the checker's ratios to the quickest loop. */
const report = (measure, heading) => {
  const of = (contender) => times.get(contender.id).map((t) => t[measure])
  const medians = new Map(contenders.map((contender) => [contender.id, median(of(contender))]))
  const bests = new Map(contenders.map((contender) => [contender.id, fastest(of(contender))]))
  const quickest = contenders
    .filter((contender) => contender.baseline)
    .reduce((best, contender) => (medians.get(contender.id) < medians.get(best.id) ? contender : best))
  const header = ['contender', 'median', 'range', 'lines/s (median)', 'MB/s (median)', `speed vs ${quickest.id}: median, best`]
  process.stdout.write(`${heading}\n\n| ${header.join(' | ')} |\n| ${header.map(() => '---').join(' | ')} |\n`)
  for (const contender of contenders) {
    const ms = medians.get(contender.id)
    const row = [
      contender.title,
      `${ms.toFixed(0)} ms`,
      `${bests.get(contender.id).toFixed(0)}-${Math.max(...of(contender)).toFixed(0)} ms`,
      Math.round(lineCount / (ms / 1000)).toLocaleString('en-US'),
      (bytes / 1e6 / (ms / 1000)).toFixed(0),
      `${(medians.get(quickest.id) / ms).toFixed(2)}, ${(bests.get(quickest.id) / bests.get(contender.id)).toFixed(2)}`,
    ]
    process.stdout.write(`| ${row.join(' | ')} |\n`)
  }
  const ratio = (id) => `${(medians.get(quickest.id) / medians.get(id)).toFixed(2)} by medians, ${(bests.get(quickest.id) / bests.get(id)).toFixed(2)} by best runs`
  const met = medians.get(quickest.id) / medians.get('check') >= TARGET
  const verdict = measure === 'wallMs' ? `target at least ${TARGET.toFixed(2)} by medians: ${met ? 'met' : 'NOT met'}` : 'the target is on wall-clock time'
  process.stdout.write(
    `\n${measure === 'wallMs' ? 'wall clock' : 'CPU time'}: check reaches ${ratio('check')} of the speed of the quickest ` +
      `plain JSON.parse loop (${quickest.id}); ${verdict}. ` +
      `The decoder alone, in the reused-buffer loop, reaches ${ratio('decode loop')}.\n\n`,
  )
}

report('wallMs', 'Wall-clock time of the whole process (what an operator waits for):')
// CPU time (user + system, all threads) is what the work costs, and moves less than wall-clock time when other
// jobs share the machine; the best of the rounds moves least of all.
report('cpuMs', 'CPU time of the whole process (user + system, all threads):')

// Then the peak RSS on a large file, with its own scratch folder.
await import('./cli-memory.mjs')
