// `npm run bench` is not part of the test command; this runs it on tiny iteration counts so it keeps working.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(__dirname, '..')
let outDir: string

beforeAll(() => {
  // `npm test` builds before jest; a bare `npx jest` builds here.
  if (!existsSync(join(root, 'dist', 'index.mjs'))) execFileSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' })
  execFileSync('npm', ['run', '--silent', 'bench:build'], { cwd: root, stdio: 'ignore' })
  outDir = mkdtempSync(join(tmpdir(), 'qitech-bench-'))
}, 120_000)

afterAll(() => rmSync(outDir, { recursive: true, force: true }))

interface Report {
  readonly inputs: ReadonlyArray<{ id: string; valid: boolean }>
  readonly contenders: ReadonlyArray<{ id: string }>
  readonly rows: ReadonlyArray<{ input: string; contender: string; medianNs: number; bytesPerOp: number | null }>
  readonly zeroCopy: Record<string, { decode: boolean; zod: boolean }>
  readonly targets: ReadonlyArray<{ target: string; met: boolean }>
}

describe('the benchmark script', () => {
  it('runs every contender on every body, prints Markdown tables to stdout and --markdown, and figures to --out', () => {
    const out = join(outDir, 'results.json')
    const markdown = join(outDir, 'results.md')
    const args = ['--expose-gc', join(root, '.bench', 'run.mjs'), '--smoke', '--out', out, '--markdown', markdown]
    const stdout = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' })
    expect(readFileSync(markdown, 'utf8')).toBe(stdout)
    expect(stdout).toContain('| body | JSON.parse | decode, raw body | guard, raw body | ajv 8, raw body | decode, parsed | guard, parsed | zod 4, parsed | ajv 8, parsed |')
    expect(stdout).toContain('| body | contender | median | × JSON.parse | × ajv | allocated / op | beyond JSON.parse |')
    expect(stdout).toContain('| target | limit | measured | met |')
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report
    expect(report.inputs.map((i) => i.id)).toEqual([
      'seed-paid',
      'seed-bank-slip-update',
      'status-change-10-events',
      'bank-slip-update-10000',
      'invalid-deep-amount',
      'unknown-status',
    ])
    expect(report.contenders.map((c) => c.id)).toEqual(['json-parse', 'decode-raw', 'decode-parsed', 'guard-raw', 'guard-parsed', 'zod-raw', 'zod-parsed', 'ajv-raw', 'ajv-parsed'])
    expect(report.rows).toHaveLength(report.inputs.length * report.contenders.length)
    for (const row of report.rows) {
      expect(row.medianNs).toBeGreaterThan(0)
      expect(Number.isFinite(row.medianNs)).toBe(true)
      expect(row.bytesPerOp).not.toBeNull()
    }
    // A valid decode of a parsed body returns that very object; zod returns a copy.
    for (const input of report.inputs.filter((i) => i.valid)) expect(report.zeroCopy[input.id]).toEqual({ decode: true, zod: false })
    expect(report.targets.map((t) => t.target)).toContain('raw-body decode on bank-slip-update-10000')
  })
})
