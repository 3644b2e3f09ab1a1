#!/usr/bin/env node
// The package's command-line checker: the only code of the package that reads files. The library entry never
// imports it.
import { readFileSync } from 'node:fs'
import { decodeInstallmentWebhook } from './decode'
import type { InstallmentWebhook } from './webhook'

const USAGE = `usage: qitech-installment-webhooks check <file...>

Decodes each QI Tech installment webhook in the files: a .json file holds one payload, a .ndjson or .jsonl file
one payload per line. Prints one line per payload and exits 1 if any payload failed, 2 on a usage error.`

const NEWLINE = 0x0a

const isJsonWhitespace = (byte: number): boolean => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d

const describeWebhook = (webhook: InstallmentWebhook): string =>
  webhook.data.status === 'update'
    ? `update ${webhook.data.installments.map((i) => i.installment_key).join(',')}`
    : `${webhook.data.status} ${webhook.data.installment.installment_key}`

/** Checks one payload; returns whether it decoded and prints its line. */
const checkPayload = (label: string, body: string | Buffer): boolean => {
  const result = decodeInstallmentWebhook(body)
  if (result._tag === 'Right') {
    process.stdout.write(`${label}: ${describeWebhook(result.right)} ok\n`)
    return true
  }
  const first = result.left.issues[0]
  const detail = first === undefined ? '' : ` ${first.path || '(body)'}: expected ${first.expected}, received ${first.received}`
  process.stdout.write(`${label}: ${result.left.code}${detail}\n`)
  return false
}

const checkFile = (file: string): boolean => {
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (error) {
    process.stdout.write(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`)
    return false
  }
  if (!/\.(?:ndjson|jsonl)$/i.test(file)) return checkPayload(file, bytes)
  // Each line goes to the decoder as bytes, so a line that is not UTF-8 is reported as for a .json file.
  let ok = true
  let start = 0
  for (let line = 1; start <= bytes.length; line++) {
    const newline = bytes.indexOf(NEWLINE, start)
    const end = newline === -1 ? bytes.length : newline
    const payload = bytes.subarray(start, end)
    if (payload.some((byte) => !isJsonWhitespace(byte))) ok = checkPayload(`${file}:${line}`, payload) && ok
    start = end + 1
  }
  return ok
}

const main = (args: ReadonlyArray<string>): number => {
  const [command, ...files] = args
  if (command !== 'check' || files.length === 0) {
    process.stderr.write(`${USAGE}\n`)
    return 2
  }
  let ok = true
  for (const file of files) ok = checkFile(file) && ok
  return ok ? 0 : 1
}

process.exitCode = main(process.argv.slice(2))

// An ES module for esbuild: in a `type: commonjs` package a file without exports is bundled as CommonJS, which
// wraps every module it imports, shared with the library's ESM chunk, in lazy initialisers that defeat tree-shaking.
export {}
