// The command line of the built checker: help, version, usage errors and exit codes.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PAID_KEY, buildOnce, cliPath, paidLine, rejection, resultLines, root, runCli, scratch, unknownStatusLine } from './cli/run-cli'

buildOnce()
const file = scratch()

describe('qitech-installment-webhooks --help and --version', () => {
  it.each(['--help', '-h'])('%s prints the usage, the options and the exit codes to stdout and exits 0', (flag) => {
    const result = runCli([flag])
    expect(result.stdout).toMatch(/^Usage: qitech-installment-webhooks check \[options\] <file\.\.\.>\n/)
    for (const option of ['--format text|json', '--quiet', '--failures', '--max-payload-bytes', '--public-key', '--legacy', '--tolerance', '--version']) {
      expect(result.stdout).toContain(option)
    }
    expect(result.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /)
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' })
  })

  it('--help wins over a command and files', () => {
    const result = runCli(['check', 'fixtures/seed-paid.json', '--help'])
    expect(result.stdout).toMatch(/^Usage: /)
    expect(result.status).toBe(0)
  })

  it("--version prints package.json's version", () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
    const result = runCli(['--version'])
    expect({ stdout: result.stdout, stderr: result.stderr, status: result.status }).toEqual({ stdout: `${version}\n`, stderr: '', status: 0 })
  })
})

describe('qitech-installment-webhooks usage errors', () => {
  it.each([
    { args: [], message: 'no command: check or verify' },
    { args: ['lint', 'a.ndjson'], message: 'unknown command "lint": check or verify' },
    { args: ['check'], message: 'check needs at least one file, or - for stdin' },
    { args: ['check', '-', '-'], message: '- (stdin) can be given once' },
    { args: ['check', '--format', 'xml', 'a.ndjson'], message: '--format is text or json, not "xml"' },
    { args: ['check', '--failures', 'ten', 'a.ndjson'], message: '--failures takes a whole number of at least 0, not "ten"' },
    { args: ['check', '--max-payload-bytes', '0', 'a.ndjson'], message: '--max-payload-bytes takes a whole number of at least 1, not "0"' },
    { args: ['check', '--public-key', 'key.pem', 'a.ndjson'], message: '--public-key, --legacy and --tolerance are options of verify' },
    { args: ['check', '--legacy', 'a.ndjson'], message: '--public-key, --legacy and --tolerance are options of verify' },
    { args: ['check', '--tolerance', '60', 'a.ndjson'], message: '--public-key, --legacy and --tolerance are options of verify' },
    { args: ['verify', '--tolerance', 'soon', '--public-key', 'key.pem', 'a.ndjson'], message: '--tolerance takes a number of at least 0, not "soon"' },
    { args: ['check', '--jobs', '2', 'a.ndjson'], message: "Unknown option '--jobs'" },
    { args: ['check', '--colour', 'a.ndjson'], message: "Unknown option '--colour'" },
    { args: ['check', 'a.ndjson', '--format'], message: "Option '--format <value>' argument missing" },
  ])('$args: prints "$message" and a pointer to --help on stderr, nothing on stdout, and exits 2', ({ args, message }) => {
    const result = runCli(args)
    const [first, second] = result.stderr.split('\n')
    expect(first.startsWith(`qitech-installment-webhooks: ${message}`)).toBe(true)
    expect(second).toBe('Run qitech-installment-webhooks --help for usage.')
    expect({ stdout: result.stdout, status: result.status }).toEqual({ stdout: '', status: 2 })
  })
})

describe('qitech-installment-webhooks exit codes', () => {
  it('exits 0 when every payload of every input decodes', () => {
    const result = runCli(['check', file('ok.ndjson', `${paidLine}\n${paidLine}\n`), 'fixtures/seed-bank-slip-update.json'])
    expect(result.status).toBe(0)
  })

  it('exits 1 when one payload fails, after checking every other payload', () => {
    const ndjson = file('one-bad.ndjson', `${unknownStatusLine}\n${paidLine}\n`)
    const result = runCli(['check', ndjson, 'fixtures/seed-paid.json'])
    expect(resultLines(result.stdout)).toEqual([
      `${ndjson}:1: ${rejection(unknownStatusLine)}`,
      `${ndjson}:2: paid ${PAID_KEY} ok`,
      `fixtures/seed-paid.json: paid ${PAID_KEY} ok`,
    ])
    expect(result.status).toBe(1)
  })

  it('exits 1 when an input cannot be read, after checking the others', () => {
    const result = runCli(['check', 'fixtures/no-such-file.ndjson', 'fixtures/seed-paid.json'])
    expect(resultLines(result.stdout)).toEqual([
      'fixtures/no-such-file.ndjson: UNREADABLE_INPUT cannot open: no such file',
      `fixtures/seed-paid.json: paid ${PAID_KEY} ok`,
    ])
    expect(result.status).toBe(1)
  })

  it('exits 0 on an input with no payloads', () => {
    const result = runCli(['check', file('empty.ndjson', '\n\n')])
    expect(result.stdout).toBe('summary: 1 input, 0 payloads: 0 ok, 0 failed\n')
    expect(result.status).toBe(0)
  })

  it('stops quietly when the reader closes the pipe early', async () => {
    const input = file('endless.ndjson', `${paidLine}\n`.repeat(50_000))
    const child = spawn(process.execPath, [cliPath, 'check', input], { cwd: root })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.once('data', () => child.stdout.destroy())
    const status = await new Promise((resolve) => child.on('close', resolve))
    expect({ status, stderr }).toEqual({ status: 1, stderr: '' })
  }, 60_000)
})
