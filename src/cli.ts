#!/usr/bin/env node
// The package's command-line checker, `qitech-installment-webhooks check|verify`: the only code of the package
// that reads files. The library entry never imports it. This file reads the command line; src/cli/ does the work.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { checkPayload } from './cli/check'
import { printable } from './cli/output'
import { run } from './cli/run'
import { MAX_KEY_BYTES, UsageError, prepareVerify } from './cli/verify'
import { MAX_ISSUES } from './combinators'

const NAME = 'qitech-installment-webhooks'
const DEFAULT_FAILURES_SHOWN = 10
const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024 * 1024

const USAGE = `Usage: ${NAME} check [options] <file...>
       ${NAME} verify --public-key <pem file> [options] <file...>

Commands:
  check    Decode each QI Tech installment webhook in the files.
  verify   Check each captured signed delivery against QI Tech's public key as of the moment it was
           received, then decode it. A delivery is one JSON line:
           {"headers": {...}, "body": "<raw body>" or "body_base64": "...", "method": "POST",
            "path": "/...", "received_at": "<ISO-8601 date and time with a zone>"}

Files:
  A .json or .json.gz file holds one payload; any other file holds one payload per line (NDJSON),
  blank lines skipped. - reads NDJSON from stdin. Gzip data is decompressed, whatever the name.

Options:
  --format text|json        text (default): one line per payload, then a summary; names, keys and
                            details from the input holding control characters, line breaks or
                            bidirectional controls are printed as JSON strings.
                            json: one JSON record per payload (file, line, ok, outcome, webhook_type,
                            status, installment_keys, code, detail, issues, omitted_issues); the
                            summary goes to stderr.
  -q, --quiet               Print only the failures: no summary, no progress.
  --failures <n>            How many failures the summary lists (default ${DEFAULT_FAILURES_SHOWN}).
  --max-payload-bytes <n>   Longer lines or .json files fail with PAYLOAD_TOO_LARGE (default ${DEFAULT_MAX_PAYLOAD_BYTES}).
  --public-key <pem file>   verify: QI Tech's public key, a regular file of at most ${MAX_KEY_BYTES / 1024} kB; repeat
                            it for each key during a rotation.
  --legacy                  verify: also accept deliveries signed with QI Tech's legacy (v1) scheme.
  --tolerance <seconds>     verify: how far the signing time may lie from received_at (default 300).
  -h, --help                Print this help.
  --version                 Print the version.

A failing payload lists at most ${MAX_ISSUES} issues and counts the rest. Progress (bytes read, payloads
per second) is drawn on stderr when it is a terminal and the input is over 8 MB.

Exit codes:
  0  every payload passed (for verify: authentic, fresh and a valid webhook)
  1  a payload failed, or an input could not be read
  2  the command could not run: a usage error, or an unusable public key or tolerance
`

/** A number option: a whole number, or with `decimal` one with a fraction too, of at least `min`. */
const readNumber = (option: string, value: string | undefined, min: number, decimal = false): number | undefined => {
  if (value === undefined) return undefined
  const number = (decimal ? /^\d{1,15}(?:\.\d{1,9})?$/ : /^\d{1,15}$/).test(value) ? Number(value) : Number.NaN
  if (!(number >= min)) throw new UsageError(`--${option} takes a ${decimal ? 'number' : 'whole number'} of at least ${min}, not ${JSON.stringify(value)}`)
  return number
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
      'public-key': { type: 'string', multiple: true, default: [] },
      legacy: { type: 'boolean', default: false },
      tolerance: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', default: false },
    },
  })
  if (values.help || values.version) {
    process.stdout.write(values.help ? USAGE : `${readVersion()}\n`)
    return 0
  }
  const [command, ...inputs] = positionals
  if (command !== 'check' && command !== 'verify') {
    throw new UsageError(command === undefined ? 'no command: check or verify' : `unknown command ${JSON.stringify(command)}: check or verify`)
  }
  if (inputs.length === 0) throw new UsageError(`${command} needs at least one file, or - for stdin`)
  if (inputs.filter((name) => name === '-').length > 1) throw new UsageError('- (stdin) can be given once')
  const format = values.format
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format is text or json, not ${JSON.stringify(format)}`)
  const failuresShown = readNumber('failures', values.failures, 0) ?? DEFAULT_FAILURES_SHOWN
  const maxPayloadBytes = readNumber('max-payload-bytes', values['max-payload-bytes'], 1) ?? DEFAULT_MAX_PAYLOAD_BYTES
  const keyFiles = values['public-key']
  // The library checks the tolerance's bounds; a value outside them is reported as it reports it.
  const toleranceSeconds = readNumber('tolerance', values.tolerance, 0, true)
  if (command === 'check' && (keyFiles.length > 0 || values.legacy || toleranceSeconds !== undefined)) {
    throw new UsageError('--public-key, --legacy and --tolerance are options of verify')
  }
  const options = { inputs, format, quiet: values.quiet, failuresShown, maxPayloadBytes } as const
  if (command === 'check') return run({ ...options, judge: checkPayload }, process)
  return run({ ...options, judge: await prepareVerify(keyFiles, values.legacy, toleranceSeconds) }, process)
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
    const message = printable(error instanceof Error ? error.message : String(error))
    process.stderr.write(usage ? `${NAME}: ${message}\nRun ${NAME} --help for usage.\n` : `${NAME}: could not run: ${message}\n`)
    process.exitCode = 2
  },
)

// An ES module for esbuild: in a `type: commonjs` package a file without exports is bundled as CommonJS, which
// wraps every module it imports, shared with the library's ESM chunk, in lazy initialisers that defeat tree-shaking.
export {}
