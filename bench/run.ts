// `npm run bench [-- --out results.json] [--markdown results.md] [--rounds N] [--time MS] [--only id,id] [--smoke]`
//
// Decodes each body of `bench/inputs.ts` with every contender in one process: JSON.parse alone, this package's
// decoder on the raw body and on the already parsed object, and a hand-written guard, zod 4 and ajv 8 schemas of
// the same rules, each on the raw body and on the parsed object. The contenders take turns, in a rotating order, in short time slices over
// several rounds, so a noisy machine slows them alike; each figure is the median of all samples. It then measures
// the bytes each contender allocates per body (run under `node --expose-gc`), checks that a valid decode returns the
// input object itself, prints Markdown tables (also written to `--markdown`) and writes the figures as JSON to `--out`.
// Last, bench/hostile.mjs measures a hostile 10 MB body of empty installments in fresh processes (not with --only).
//
// It benchmarks the built package (`dist/index.mjs`), as an application would load it; `npm run bench` builds first.
import { spawnSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { getHeapSpaceStatistics } from 'node:v8'
import { Bench } from 'tinybench'
import type * as Library from '../src/index'
import { ajvInstallmentWebhook } from './ajv-schema'
import { handWrittenGuard } from './hand-written-guard'
import { type BenchInput, buildInputs } from './inputs'
import { zodInstallmentWebhook } from './zod-schema'

interface Contender {
  readonly id: string
  readonly title: string
  /** `text` contenders get the raw body, `parsed` ones the object JSON.parse made of it. */
  readonly takes: 'text' | 'parsed'
  /** Runs one decode; the result says whether the body was accepted. */
  readonly run: (body: unknown) => unknown
  readonly accepted: (result: unknown) => boolean
}

interface Row {
  readonly input: string
  readonly contender: string
  readonly medianNs: number
  readonly samples: number
  readonly ratioToJsonParse: number
  readonly ratioToAjv: number
  readonly bytesPerOp: number | null
  readonly bytesBeyondJsonParse: number | null
}

interface Target {
  readonly target: string
  readonly limit: string
  readonly measured: string
  readonly met: boolean
}

const { values: args } = parseArgs({
  options: {
    out: { type: 'string' },
    rounds: { type: 'string' },
    time: { type: 'string' },
    markdown: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
})

const root = resolve(process.argv[1], '..', '..')
const smoke = args.smoke === true
// A full run takes about a minute; `--smoke` only proves the script works.
const rounds = Number(args.rounds ?? (smoke ? 1 : 8))
const sliceMs = Number(args.time ?? (smoke ? 1 : 60))
const SAMPLE_TARGET_NS = 50_000
const MIN_SAMPLES = 16
const ALLOCATION_TARGET_BYTES = 4_000_000
const ALLOCATION_REPEATS = smoke ? 1 : 7

// Every result is stored here, so the engine cannot skip the work that made it.
const sink = { value: undefined as unknown }

const isRight = (result: unknown): boolean => (result as { _tag?: string })._tag === 'Right'

/**
 * The parsed value when `check` accepts it: a raw-body contender hands the app its value, as the decoder does, so
 * every one of them keeps a body alive until the next run (the sink holds it). A contender that dropped it at once
 * would skip the garbage collector's work on large bodies and look faster than JSON.parse alone.
 */
const acceptedValue = (value: unknown, check: (u: unknown) => boolean): unknown => (check(value) ? value : undefined)

const contendersOf = (lib: typeof Library): Contender[] => {
  const decode = lib.decodeInstallmentWebhook
  const zodAccepts = (result: unknown): boolean => (result as { success: boolean }).success
  return [
    { id: 'json-parse', title: 'JSON.parse alone', takes: 'text', run: (b) => JSON.parse(b as string), accepted: () => true },
    { id: 'decode-raw', title: 'decodeInstallmentWebhook(raw body)', takes: 'text', run: (b) => decode(b), accepted: isRight },
    { id: 'decode-parsed', title: 'decodeInstallmentWebhook(parsed)', takes: 'parsed', run: (b) => decode(b), accepted: isRight },
    {
      id: 'guard-raw',
      title: 'hand-written guard(JSON.parse(raw body))',
      takes: 'text',
      run: (b) => acceptedValue(JSON.parse(b as string), handWrittenGuard),
      accepted: (r) => r !== undefined,
    },
    { id: 'guard-parsed', title: 'hand-written guard(parsed)', takes: 'parsed', run: (b) => handWrittenGuard(b), accepted: (r) => r === true },
    {
      id: 'zod-raw',
      title: 'zod 4 safeParse(JSON.parse(raw body))',
      takes: 'text',
      run: (b) => zodInstallmentWebhook.safeParse(JSON.parse(b as string)),
      accepted: zodAccepts,
    },
    { id: 'zod-parsed', title: 'zod 4 safeParse(parsed)', takes: 'parsed', run: (b) => zodInstallmentWebhook.safeParse(b), accepted: zodAccepts },
    {
      id: 'ajv-raw',
      title: 'ajv 8 validate(JSON.parse(raw body))',
      takes: 'text',
      run: (b) => acceptedValue(JSON.parse(b as string), ajvInstallmentWebhook),
      accepted: (r) => r !== undefined,
    },
    { id: 'ajv-parsed', title: 'ajv 8 validate(parsed)', takes: 'parsed', run: (b) => ajvInstallmentWebhook(b), accepted: (r) => r === true },
  ]
}

const bodyFor = (input: BenchInput, parsed: unknown, contender: Contender): unknown =>
  contender.takes === 'text' ? input.text : parsed

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Rough nanoseconds per operation, to size the batches that make one sample. */
const estimateNs = (run: () => unknown): number => {
  let ops = 1
  for (;;) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < ops; i++) sink.value = run()
    const elapsed = Number(process.hrtime.bigint() - start)
    if (elapsed > 2_000_000 || ops >= 1 << 16) return elapsed / ops
    ops *= 4
  }
}

/** Median nanoseconds per operation of each contender on one body, interleaving the contenders. */
const timeInput = (input: BenchInput, parsed: unknown, contenders: ReadonlyArray<Contender>): Map<string, number[]> => {
  const batches = contenders.map((c) => {
    const body = bodyFor(input, parsed, c)
    const run = (): unknown => c.run(body)
    const ns = estimateNs(run)
    const size = Math.max(1, Math.round(SAMPLE_TARGET_NS / ns))
    return { contender: c, run, size, sampleNs: size * ns }
  })
  // Each contender gets at least MIN_SAMPLES samples a round. A body that takes milliseconds would otherwise get a
  // handful, and a collection landing in one of them moved the median by 10-40% from run to run.
  const time = smoke ? sliceMs : Math.max(sliceMs, (MIN_SAMPLES * Math.max(...batches.map((b) => b.sampleNs))) / 1e6)
  const samples = new Map<string, number[]>(contenders.map((c) => [c.id, []]))
  // Round 0 warms every contender up and is not counted.
  for (let round = 0; round <= rounds; round++) {
    const bench = new Bench({
      time,
      iterations: smoke ? 1 : 3,
      warmup: false,
      retainSamples: true,
      timestampProvider: 'hrtimeNow',
    })
    for (let i = 0; i < batches.length; i++) {
      const { contender, run, size } = batches[(i + round) % batches.length]
      bench.add(contender.id, () => {
        for (let k = 0; k < size; k++) sink.value = run()
      })
    }
    bench.runSync()
    if (round === 0 && rounds > 0) continue
    for (const task of bench.tasks) {
      const result = task.result
      if (result.state !== 'completed') throw new Error(`bench: ${task.name} on ${input.id} did not complete`)
      const size = batches.find((b) => b.contender.id === task.name)?.size ?? 1
      for (const ms of result.latency.samples ?? []) samples.get(task.name)?.push((ms * 1e6) / size)
    }
  }
  return samples
}

// Bytes in the heap spaces that hold data. Code spaces are left out: the engine compiling a function while a batch
// runs is not something the batch allocated.
const DATA_SPACES = new Set(['new_space', 'old_space', 'new_large_object_space', 'large_object_space'])
const dataHeapBytes = (): number =>
  getHeapSpaceStatistics().reduce((sum, space) => sum + (DATA_SPACES.has(space.space_name) ? space.space_used_size : 0), 0)

/** Bytes allocated per operation, from the heap growth over a batch run right after a full collection. */
const bytesPerOp = (run: () => unknown, gc: () => void): number => {
  let ops = 1
  if (!smoke) {
    // One run sizes the batch: large enough to measure, small enough that no collection starts inside it.
    gc()
    const before = dataHeapBytes()
    sink.value = run()
    const once = Math.max(1, dataHeapBytes() - before)
    ops = Math.max(1, Math.min(2_000, Math.floor(ALLOCATION_TARGET_BYTES / once)))
  }
  const perOp: number[] = []
  for (let repeat = 0; repeat < ALLOCATION_REPEATS; repeat++) {
    gc()
    const before = dataHeapBytes()
    for (let i = 0; i < ops; i++) sink.value = run()
    perOp.push((dataHeapBytes() - before) / ops)
  }
  return Math.max(0, median(perOp))
}

const checkVerdicts = (inputs: ReadonlyArray<BenchInput>, contenders: ReadonlyArray<Contender>): void => {
  for (const input of inputs) {
    const parsed: unknown = JSON.parse(input.text)
    for (const c of contenders) {
      if (c.id === 'json-parse') continue
      const accepted = c.accepted(c.run(bodyFor(input, parsed, c)))
      if (accepted !== input.valid) {
        throw new Error(`bench: ${c.id} ${accepted ? 'accepts' : 'rejects'} ${input.id}; the schemas have drifted apart`)
      }
    }
  }
}

const formatNs = (ns: number): string =>
  ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e4 ? `${(ns / 1e3).toFixed(1)} µs` : `${Math.round(ns)} ns`
const formatRatio = (r: number): string => `${r.toFixed(2)}x`
const formatBytes = (b: number | null): string =>
  b === null ? 'n/a' : b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : b >= 1e4 ? `${(b / 1e3).toFixed(1)} kB` : `${Math.round(b)} B`

const markdownTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n')

const main = async (): Promise<void> => {
  const lib = (await import(pathToFileURL(join(root, 'dist', 'index.mjs')).href)) as typeof Library
  const gc = (globalThis as { gc?: () => void }).gc
  const all = buildInputs(join(root, 'fixtures'))
  // `--only` picks bodies by id; a broken body brings the valid body its failure path is compared with.
  const picked = new Set(args.only?.split(',') ?? all.map((i) => i.id))
  for (const i of all) if (picked.has(i.id) && i.successBaseline !== undefined) picked.add(i.successBaseline)
  const inputs = all.filter((i) => picked.has(i.id))
  const contenders = contendersOf(lib)
  checkVerdicts(inputs, contenders)

  const rows: Row[] = []
  const zeroCopy: Record<string, { decode: boolean; zod: boolean }> = {}
  for (const input of inputs) {
    const parsed: unknown = JSON.parse(input.text)
    const samples = timeInput(input, parsed, contenders)
    const medianOf = (id: string): number => median(samples.get(id) ?? [])
    const bytes = new Map<string, number | null>(
      contenders.map((c) => {
        const body = bodyFor(input, parsed, c)
        return [c.id, gc === undefined ? null : bytesPerOp(() => c.run(body), gc)]
      }),
    )
    const parseBytes = bytes.get('json-parse') ?? null
    for (const c of contenders) {
      const ms = medianOf(c.id)
      const own = bytes.get(c.id) ?? null
      rows.push({
        input: input.id,
        contender: c.id,
        medianNs: ms,
        samples: samples.get(c.id)?.length ?? 0,
        ratioToJsonParse: ms / medianOf('json-parse'),
        ratioToAjv: ms / medianOf(c.takes === 'parsed' ? 'ajv-parsed' : 'ajv-raw'),
        bytesPerOp: own,
        bytesBeyondJsonParse: c.takes === 'text' && own !== null && parseBytes !== null ? own - parseBytes : null,
      })
    }
    if (input.valid) {
      const decoded = lib.decodeInstallmentWebhook(parsed)
      zeroCopy[input.id] = {
        decode: decoded._tag === 'Right' && decoded.right === parsed,
        zod: zodInstallmentWebhook.safeParse(parsed).data === parsed,
      }
    }
  }

  const rowOf = (input: string, contender: string): Row => {
    const row = rows.find((r) => r.input === input && r.contender === contender)
    if (row === undefined) throw new Error(`bench: no row for ${contender} on ${input}`)
    return row
  }
  const valid = inputs.filter((i) => i.valid)
  // The floor is JSON.parse plus a hand-written guard of the same rules; the decoder may cost at most 5% more.
  const targets: Target[] = [
    ...[
      ['seed-paid', 1.19],
      ['seed-bank-slip-update', 1.12],
      ['bank-slip-update-10000', 1.1],
    ]
      .filter(([id]) => picked.has(id as string))
      .map(([id, limit]): Target => {
        const decode = rowOf(id as string, 'decode-raw')
        const floor = rowOf(id as string, 'guard-raw').medianNs
        const ratio = decode.ratioToJsonParse
        return {
          target: `raw-body decode on ${id}`,
          limit: `≤ 1.05x JSON.parse + hand-written guard; ≤ ${limit}x JSON.parse`,
          measured: `${formatRatio(decode.medianNs / floor)} the floor; ${formatRatio(ratio)} JSON.parse`,
          met: decode.medianNs <= 1.05 * floor || ratio <= (limit as number),
        }
      }),
    ...valid
      .filter((i) => i.id === 'seed-paid')
      .map((i): Target => {
        const ours = rowOf(i.id, 'decode-parsed').medianNs
        const zod = rowOf(i.id, 'zod-parsed').medianNs
        const ajv = rowOf(i.id, 'ajv-parsed').medianNs
        return {
          target: `validate-only on ${i.id}`,
          limit: 'faster than zod 4, ≤ 1.5x ajv 8',
          measured: `${formatNs(ours)}: ${formatRatio(ours / zod)} zod, ${formatRatio(ours / ajv)} ajv`,
          met: ours < zod && ours <= 1.5 * ajv,
        }
      }),
    ...inputs
      .filter((i) => i.successBaseline !== undefined)
      .map((i): Target => {
        // Each decode is taken over JSON.parse of its own body, timed in the same rounds: the two bodies are of the
        // same size, but timed a minute apart on a shared machine, whose speed moved by up to 1.6x between them.
        const success = i.successBaseline ?? ''
        const perParse = (id: string): number => rowOf(id, 'decode-raw').medianNs / rowOf(id, 'json-parse').medianNs
        const ratio = perParse(i.id) / perParse(success)
        const raw = rowOf(i.id, 'decode-raw').medianNs / rowOf(success, 'decode-raw').medianNs
        return {
          target: `failure path on ${i.id}`,
          limit: `≤ 3x the success path (${success}), each over JSON.parse of its own body`,
          measured: `${formatRatio(ratio)} (${formatRatio(raw)} by their times alone)`,
          met: ratio <= 3,
        }
      }),
    (() => {
      // The proof of no copy is identity: the decoder hands back the very object it was given. The bytes it
      // allocates are reported next to JSON.parse's own for the same body.
      const copies = valid.filter((i) => !zeroCopy[i.id].decode).map((i) => i.id)
      const shares = valid.map((i) => {
        const own = rowOf(i.id, 'decode-parsed').bytesPerOp
        const parse = rowOf(i.id, 'json-parse').bytesPerOp
        return own === null || parse === null ? Number.NaN : own / parse
      })
      const worst = Math.max(...shares)
      return {
        target: 'a valid decode allocates no copy of the payload',
        limit: "returns the input object itself",
        measured: `${copies.length === 0 ? 'returns the input' : `copies ${copies.join(', ')}`}; allocates ${
          Number.isNaN(worst) ? 'n/a' : `${(worst * 100).toFixed(1)}%`
        } of JSON.parse's bytes at most`,
        met: copies.length === 0,
      }
    })(),
  ]

  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  const machine = `Node ${process.version} (V8 ${process.versions.v8}), ${process.platform} ${process.arch}, ${cpu} × ${cpus().length}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`
  const titleOf = (id: string): string => inputs.find((i) => i.id === id)?.title ?? id
  const contenderTitle = (id: string): string => contenders.find((c) => c.id === id)?.title ?? id
  const lines = [
    `## qitech-installment-webhooks benchmark${smoke ? ' (smoke run: the figures mean nothing)' : ''}`,
    '',
    machine,
    `${rounds} round${rounds === 1 ? '' : 's'} of ${sliceMs} ms slices per contender, interleaved; medians of all samples.`,
    gc === undefined ? 'Allocation not measured: run under `node --expose-gc`.' : '',
    '',
    '### Summary: median time per body (raw body: × JSON.parse; parsed object: × ajv on the parsed object)',
    '',
    markdownTable(
      ['body', 'JSON.parse', 'decode, raw body', 'guard, raw body', 'ajv 8, raw body', 'decode, parsed', 'guard, parsed', 'zod 4, parsed', 'ajv 8, parsed'],
      inputs.map((i) => {
        const cell = (id: string, ratio?: 'parse' | 'ajv'): string => {
          const row = rowOf(i.id, id)
          if (ratio === undefined) return formatNs(row.medianNs)
          return `${formatNs(row.medianNs)} (${formatRatio(ratio === 'parse' ? row.ratioToJsonParse : row.ratioToAjv)})`
        }
        return [
          titleOf(i.id),
          cell('json-parse'),
          cell('decode-raw', 'parse'),
          cell('guard-raw', 'parse'),
          cell('ajv-raw', 'parse'),
          cell('decode-parsed', 'ajv'),
          cell('guard-parsed', 'ajv'),
          cell('zod-parsed', 'ajv'),
          cell('ajv-parsed'),
        ]
      }),
    ),
    '',
    '### Targets',
    '',
    markdownTable(
      ['target', 'limit', 'measured', 'met'],
      targets.map((t) => [t.target, t.limit, t.measured, t.met ? 'yes' : '**no**']),
    ),
    '',
    `Zero copy: a valid decode of a parsed body returns the input object itself on ${
      Object.values(zeroCopy).filter((z) => z.decode).length
    } of ${valid.length} valid bodies; zod returns the input itself on ${Object.values(zeroCopy).filter((z) => z.zod).length}.`,
    '',
    '### Every contender',
    '',
    markdownTable(
      ['body', 'contender', 'median', '× JSON.parse', '× ajv', 'allocated / op', 'beyond JSON.parse'],
      rows.map((r) => [
        titleOf(r.input),
        contenderTitle(r.contender),
        formatNs(r.medianNs),
        formatRatio(r.ratioToJsonParse),
        formatRatio(r.ratioToAjv),
        formatBytes(r.bytesPerOp),
        r.bytesBeyondJsonParse === null ? '' : formatBytes(r.bytesBeyondJsonParse),
      ]),
    ),
    '',
  ]
  const markdown = `${lines.join('\n')}\n`
  process.stdout.write(markdown)
  if (args.markdown !== undefined) writeFileSync(resolve(args.markdown), markdown)

  if (args.out !== undefined) {
    const report = {
      machine: { node: process.version, v8: process.versions.v8, platform: process.platform, arch: process.arch, cpu, cores: cpus().length, loadavg: loadavg() },
      date: new Date().toISOString(),
      smoke,
      rounds,
      sliceMs,
      inputs: inputs.map((i) => ({ id: i.id, title: i.title, bytes: Buffer.byteLength(i.text), valid: i.valid })),
      contenders: contenders.map((c) => ({ id: c.id, title: c.title, takes: c.takes })),
      rows,
      zeroCopy,
      targets,
    }
    writeFileSync(resolve(args.out), `${JSON.stringify(report, null, 2)}\n`)
  }
}

main()
  .then(() => {
    // The hostile 10 MB body is measured last, in fresh processes of its own, for their peak RSS.
    if (!smoke && args.only === undefined && process.exitCode === undefined) {
      spawnSync(process.execPath, [resolve('bench', 'hostile.mjs')], { stdio: 'inherit' })
    }
  })
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  })
