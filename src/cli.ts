#!/usr/bin/env node
// The package's command-line checker, `qitech-installment-webhooks check|verify`: the only code of the package
// that reads files. The library entry never imports it. This file reads the command line; src/cli/ does the work.
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { checkPayload } from './cli/check'
import type { Input } from './cli/input'
import { run } from './cli/run'
import { prepareVerify } from './cli/verify'

const NAME = 'qitech-installment-webhooks'
const DEFAULT_FAILURES_SHOWN = 10
const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024 * 1024
// Without --jobs, a regular NDJSON file of 4 MB or more is decoded on two threads where the machine has two cores or
// more, and stdin, pipes and gzip input on one. Two threads took a 1 GB file in 2.8-3.1 s instead of 4.2-5.5 s, at
// a peak RSS of 87-92 MB against 64-70; on stdin and gzip input they took it to 89-112 MB, past the checker's bound
// of about 100. Each thread more holds a heap of its own: more are faster, at that cost each.
const DEFAULT_JOBS = 2
// A bound that no machine's cores need, so that a typo cannot start thousands of threads.
const MAX_JOBS = 64

const USAGE = `Usage: ${NAME} check [options] <file...>
       ${NAME} verify --public-key <pem file> [options] <file...>

Commands:
  check    Decode each QI Tech installment webhook in the files.
  verify   Check each captured signed delivery against QI Tech's public key as of the moment it was
           received, then decode it. A delivery is one JSON line:
           {"headers": {...}, "body": "<raw body>" or "body_base64": "...", "method": "POST",
            "path": "/...", "received_at": "<ISO-8601 date and time with a zone>"}

Files:
  A .json file holds one payload; any other file holds one payload per line (NDJSON), blank lines skipped.
  A name ending in .gz is read through gunzip. - reads NDJSON from stdin.

Options:
  --format text|json        text (default): one line per payload, then a summary.
                            json: one JSON record per payload (file, line, ok, outcome, status,
                            installment_keys, code, detail, issues); the summary goes to stderr.
  -q, --quiet               Print only the failures: no summary, no progress.
  --failures <n>            How many failures the summary lists (default ${DEFAULT_FAILURES_SHOWN}).
  --max-payload-bytes <n>   Longer lines or .json files fail with PAYLOAD_TOO_LARGE (default ${DEFAULT_MAX_PAYLOAD_BYTES}).
  --jobs <n>                check: how many threads decode NDJSON of 4 MB or more, the main thread included
                            (default: ${DEFAULT_JOBS} for a file on a machine of ${DEFAULT_JOBS} cores or more, 1 for stdin,
                            pipes and .gz); each one more is faster on a machine with the cores for it, and
                            takes 20 to 40 MB more memory. Results keep the input's order.
  --public-key <pem file>   verify: QI Tech's public key; repeat it for each key during a rotation.
  --legacy                  verify: also accept deliveries signed with QI Tech's legacy (v1) scheme.
  -h, --help                Print this help.
  --version                 Print the version.

Progress (bytes read, payloads per second) is drawn on stderr when it is a terminal and the input is over 8 MB.

Exit codes:
  0  every payload passed (for verify: authentic, fresh and a valid webhook)
  1  a payload failed, or an input could not be read
  2  the command could not run: a usage error, or an unusable public key
`

/** A mistake on the command line: printed with a pointer to --help, exit code 2. */
class UsageError extends Error {}

// A name ending in .gz is gzip; a .json file (gzipped or not) is one payload rather than one per line.
const GZIP_NAME = /\.gz$/i
const WHOLE_FILE_NAME = /\.json(?:\.gz)?$/i

const inputOf = (name: string): Input =>
  name === '-' ? { name, gzip: false, whole: false } : { name, gzip: GZIP_NAME.test(name), whole: WHOLE_FILE_NAME.test(name) }

const readCount = (option: string, value: string | undefined, fallback: number, min: number): number => {
  if (value === undefined) return fallback
  const count = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN
  if (!(count >= min)) throw new UsageError(`--${option} takes a whole number of at least ${min}, not ${JSON.stringify(value)}`)
  return count
}

const readVersion = (): string =>
  (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version

const main = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      quiet: { type: 'boolean', short: 'q', default: false },
      failures: { type: 'string' },
      'max-payload-bytes': { type: 'string' },
      jobs: { type: 'string' },
      'public-key': { type: 'string', multiple: true, default: [] },
      legacy: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  if (values.version) {
    process.stdout.write(`${readVersion()}\n`)
    return 0
  }
  const [command, ...names] = positionals
  if (command !== 'check' && command !== 'verify') {
    throw new UsageError(command === undefined ? 'no command: check or verify' : `unknown command ${JSON.stringify(command)}: check or verify`)
  }
  if (names.length === 0) throw new UsageError(`${command} needs at least one file, or - for stdin`)
  if (names.filter((name) => name === '-').length > 1) throw new UsageError('- (stdin) can be given once')
  const format = values.format
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format is text or json, not ${JSON.stringify(format)}`)
  const failuresShown = readCount('failures', values.failures, DEFAULT_FAILURES_SHOWN, 0)
  const maxPayloadBytes = readCount('max-payload-bytes', values['max-payload-bytes'], DEFAULT_MAX_PAYLOAD_BYTES, 1)
  const keyFiles = values['public-key']
  if (command === 'check' && (keyFiles.length > 0 || values.legacy)) {
    throw new UsageError('--public-key and --legacy are options of verify')
  }
  if (command === 'verify' && values.jobs !== undefined) throw new UsageError('--jobs is an option of check')
  const jobs = readCount('jobs', values.jobs, Math.min(DEFAULT_JOBS, availableParallelism()), 1)
  if (jobs > MAX_JOBS) throw new UsageError(`--jobs takes at most ${MAX_JOBS}, not ${jobs}`)

  const inputs = names.map(inputOf)
  const options = { inputs, format, quiet: values.quiet, failuresShown, maxPayloadBytes } as const
  if (command === 'check') {
    // The workers judge with checkPayload, as the main thread does.
    // Asked for with --jobs, they judge any NDJSON input; by default only a regular file's.
    const workers = jobs > 1 ? { path: join(__dirname, 'cli-worker.js'), count: jobs - 1, filesOnly: values.jobs === undefined } : undefined
    return run({ ...options, judge: checkPayload, workers }, process)
  }
  const prepared = await prepareVerify(keyFiles, values.legacy)
  if ('error' in prepared) throw new UsageError(prepared.error)
  return run({ ...options, judge: prepared.verifyCapture }, process)
}

// A reader that stops early (`| head`) closes the pipe: stop quietly; the run did not finish, so exit 1.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(1)
  throw error
})

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    // parseArgs reports an unknown option or a missing value as a TypeError with an ERR_PARSE_ARGS_ code.
    const usage = error instanceof UsageError || /^ERR_PARSE_ARGS_/.test(String((error as { code?: unknown }).code))
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(
      usage ? `${NAME}: ${message}\nRun ${NAME} --help for usage.\n` : `${NAME}: could not run: ${message}\n`,
    )
    process.exitCode = 2
  },
)

// An ES module for esbuild: in a `type: commonjs` package a file without exports is bundled as CommonJS, which
// wraps every module it imports, shared with the library's ESM chunk, in lazy initialisers that defeat tree-shaking.
export {}
