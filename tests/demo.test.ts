import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// `npm run demo` is `npm run receiver:build` (tsup into dist/, then the `receiver:bundle` script into .receiver/) and
// `node .receiver/demo.js`: the demo starts the built receiver next to it, sends it signed deliveries over HTTP,
// stops it and prints its tables. The test runs the same bundle script into a folder of its own inside the
// checkout (where the package's own name resolves to dist/), and leaves dist/ alone when it is there.
const root = join(__dirname, '..')
const bundleDir = join(root, '.receiver', `test-${process.pid}`)
const scratch = mkdtempSync(join(tmpdir(), 'qitech-demo-test-'))

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'testing.js'))) spawnSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' })
  const bundle = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['receiver:bundle']
  const built = spawnSync(bundle.replace('--outdir=.receiver', `--outdir=${bundleDir}`), {
    cwd: root,
    shell: true,
    env: { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}` },
    encoding: 'utf8',
  })
  expect([built.status, built.stderr]).toEqual([0, ''])
}, 180_000)

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
  rmSync(bundleDir, { recursive: true, force: true })
})

const runDemo = (env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(bundleDir, 'demo.js')], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 })

/** The rows of the table printed under `title (n rows)`, each as its cells. */
const tableOf = (stdout: string, title: string): string[][] => {
  const block = stdout.split('\n\n').find((part) => part.startsWith(`${title} (`)) ?? ''
  return block
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/ {2,}/))
}

describe('npm run demo', () => {
  it('sends a shuffled life with copies, an update, an unknown status, a tampered and a legacy delivery, prints the tables they imply and exits 0', () => {
    const result = runDemo()
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' })
    const sent = result.stdout.split('\n').filter((line) => /^ {2}\d{3} /.test(line))
    expect(sent).toHaveLength(12)
    const answers = sent.map((line) => line.trim().split(/\s+/).slice(0, 2).join(' ')).sort()
    expect(answers).toEqual([
      ...Array(3).fill('200 duplicate'),
      ...Array(4).fill('200 older'),
      ...Array(3).fill('200 stored'),
      '202 dead_letter',
      '401 rejected',
    ])
    expect(tableOf(result.stdout, 'installments').map(([key, status]) => [key, status])).toEqual([
      ['7d1e5a90-3c2b-4f6e-9a8d-5b4c3d2e1f00', 'opened'],
      ['b2c4e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f', 'paid'],
    ])
    // 250.00 + 300.50 + the rest of 1,009.68, in centavos.
    expect(tableOf(result.stdout, 'payments').map((row) => row[2])).toEqual(['25000', '30050', '45918'])
    expect(tableOf(result.stdout, 'deliveries').map((row) => row.slice(1))).toHaveLength(7)
    expect(tableOf(result.stdout, 'charges').map((row) => row.slice(0, 3))).toEqual([['bc60ad8e-4dc1-4edc-8c5b-6df1b5c9415d', '2024-07-17', '216.97']])
    expect(tableOf(result.stdout, 'dead_letters').map((row) => row.slice(0, 2))).toEqual([['UNKNOWN_STATUS', 'unmonitored']])
    expect(result.stdout).toContain('payment_reviews (0 rows)')
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^demo: ok: the installment is paid/)
  }, 120_000)

  it('prints what is wrong and exits 1 when the receiver answers 200 to everything and stores nothing', () => {
    const fake = join(scratch, 'fake-receiver.js')
    writeFileSync(
      fake,
      `const server = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => res.end('{"outcome":"stored"}')) })
server.listen(0, '127.0.0.1', () => process.stdout.write('listening on http://127.0.0.1:' + server.address().port + '\\n'))
process.on('SIGTERM', () => server.close(() => process.exit(0)))`,
    )
    const result = runDemo({ QITECH_DEMO_RECEIVER: fake })
    expect(result.status).toBe(1)
    const failures = result.stdout.split('\n').filter((line) => line.startsWith('demo: FAILED: '))
    expect(failures).toEqual([
      'demo: FAILED: paid, its amount changed after signing: answered 200, expected 401',
      'demo: FAILED: status "unmonitored", unknown to this version: answered 200, expected 202',
      'demo: FAILED: relation "installments" does not exist',
    ])
    expect(result.stdout).not.toContain('demo: ok')
  }, 120_000)
})
