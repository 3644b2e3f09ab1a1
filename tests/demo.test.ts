import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(__dirname, '..')
const brokenFixture = join('fixtures', 'invalid', 'paid-amount-as-string.json')

// `node scripts/demo.cjs` in `dir`, a checkout with scripts/, fixtures/ and dist/.
const runDemo = (dir: string) => spawnSync(process.execPath, [join(dir, 'scripts', 'demo.cjs')], { cwd: dir, encoding: 'utf8' })

// The demo prints one block per checker run (the `$ …` command line, the checker's result lines and its summary,
// `(exit code N)`), then the demo's own summary line; blocks are separated by a blank line.
const blocksOf = (stdout: string) => {
  const blocks = stdout.trim().split('\n\n')
  const runs = blocks.slice(0, -1).map((block) => {
    const lines = block.split('\n')
    const output = lines.slice(1, -1)
    const summaryAt = output.findIndex((line) => line.startsWith('summary: '))
    return { command: lines[0], lines: output.slice(0, summaryAt), checkerSummary: output[summaryAt], exit: lines[lines.length - 1] }
  })
  return { runs, summary: blocks[blocks.length - 1] }
}

// A copy of the checkout's demo, fixtures given by the test, and the built checker.
const demoTree = (fixtures: Record<string, string>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'qitech-demo-'))
  mkdirSync(join(dir, 'scripts'))
  copyFileSync(join(root, 'scripts', 'demo.cjs'), join(dir, 'scripts', 'demo.cjs'))
  symlinkSync(join(root, 'dist'), join(dir, 'dist'), 'dir')
  mkdirSync(join(dir, 'fixtures', 'invalid'), { recursive: true })
  for (const [to, from] of Object.entries(fixtures)) copyFileSync(join(root, from), join(dir, to))
  return dir
}

const made: string[] = []

beforeAll(() => {
  // `npm test` builds before jest; a bare `npx jest` builds here.
  if (!existsSync(join(root, 'dist', 'cli.js'))) spawnSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' })
}, 120_000)

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})

describe('npm run demo', () => {
  it('prints an ok line for every valid fixture file and every NDJSON line, rejects the broken payload and exits 0', () => {
    const result = runDemo(root)
    const { runs, summary } = blocksOf(result.stdout)
    const names = readdirSync(join(root, 'fixtures'))
      .filter((name) => name.endsWith('.json') || name.endsWith('.ndjson'))
      .sort()
    const expected = names.flatMap((name) => {
      const file = `fixtures/${name}`
      if (name.endsWith('.json')) return [file]
      const lines = readFileSync(join(root, file), 'utf8').split('\n')
      return lines.flatMap((line, index) => (line.trim() === '' ? [] : [`${file}:${index + 1}`]))
    })
    expect(expected.length).toBeGreaterThan(names.length)

    expect(runs.map((run) => run.exit)).toEqual(['(exit code 0)', '(exit code 1)'])
    const [valid, broken] = runs
    expect(valid.lines.map((line) => line.slice(0, line.indexOf(': ')))).toEqual(expected)
    expect(valid.lines.filter((line) => !/^\S+: [a-z_]+ \S+ ok$/.test(line))).toEqual([])
    expect(valid.checkerSummary).toBe(`summary: ${names.length} inputs, ${expected.length} payloads: ${expected.length} ok, 0 failed`)
    expect(broken.checkerSummary).toBe('summary: 1 input, 1 payload: 0 ok, 1 failed')
    expect(broken.command).toContain(brokenFixture)
    expect(broken.lines).toEqual([
      `${brokenFixture}: INVALID_PAYLOAD data.installment.installment_payment[0].paid_amount: expected Amount | null, received string (7 chars)`,
    ])
    expect(summary).toBe('demo: every valid fixture decoded and the broken payload was rejected')
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' })
  })

  it.each([
    {
      when: 'a fixture among the valid ones does not decode',
      fixtures: { 'fixtures/seed-paid.json': 'fixtures/seed-paid.json', 'fixtures/z-broken.json': brokenFixture, [brokenFixture]: brokenFixture },
      exits: ['(exit code 1)', '(exit code 1)'],
    },
    {
      when: 'the broken payload decodes',
      fixtures: { 'fixtures/seed-paid.json': 'fixtures/seed-paid.json', [brokenFixture]: 'fixtures/seed-paid.json' },
      exits: ['(exit code 0)', '(exit code 0)'],
    },
  ])('prints the FAILED summary and exits 1 when $when', ({ fixtures, exits }) => {
    const dir = demoTree(fixtures)
    made.push(dir)
    const result = runDemo(dir)
    const { runs, summary } = blocksOf(result.stdout)
    expect(runs.map((run) => run.exit)).toEqual(exits)
    expect(summary).toBe('demo: FAILED: a valid fixture did not decode, or the broken payload was not reported')
    expect(result.status).toBe(1)
  })
})
