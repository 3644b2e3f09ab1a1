import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

// `npm test` lints with zero warnings allowed; these probes prove the lint configuration really rejects regular
// expressions that backtrack super-linearly, the guarantee behind matching attacker text against them in src/.
const root = join(__dirname, '..')

/** The rule ids ESLint, with this project's configuration, reports for each source text at the given path. */
const lintRuleIds = (probes: ReadonlyArray<{ filePath: string; code: string }>): string[][] => {
  const script = `
    import { ESLint } from 'eslint'
    const probes = JSON.parse(process.argv[1])
    const eslint = new ESLint({ cwd: process.cwd() })
    const ids = []
    for (const { filePath, code } of probes) {
      const [result] = await eslint.lintText(code, { filePath })
      ids.push(result.messages.map((m) => (m.severity === 2 ? m.ruleId : 'warning:' + m.ruleId)))
    }
    process.stdout.write(JSON.stringify(ids))`
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(probes)], { cwd: root, encoding: 'utf8' })
  return JSON.parse(out) as string[][]
}

describe('the lint configuration', () => {
  const probes = [
    { filePath: 'src/probe.ts', code: 'export const nested = /^(a+)+$/\n' },
    { filePath: 'src/probe.ts', code: 'export const adjacent = /^\\d*\\d*$/\n' },
    { filePath: 'src/probe.ts', code: 'export const unanchored = /\\d+x/\n' },
    { filePath: 'tests/probe.ts', code: 'export const nested = /^(a+)+$/\n' },
    { filePath: 'src/probe.ts', code: 'export const date = /^(\\d{4})-(\\d{2})-(\\d{2})$/\n' },
  ]
  let ids: string[][]

  beforeAll(() => {
    ids = lintRuleIds(probes)
  }, 60_000)

  it('rejects nested quantifiers with regexp/no-super-linear-backtracking as an error', () => {
    expect(ids[0]).toContain('regexp/no-super-linear-backtracking')
    expect(ids[1]).toContain('regexp/no-super-linear-backtracking')
  })

  it('rejects an unanchored pattern that rescans on every start position with regexp/no-super-linear-move', () => {
    expect(ids[2]).toContain('regexp/no-super-linear-move')
  })

  it('checks regular expressions in tests too', () => {
    expect(ids[3]).toContain('regexp/no-super-linear-backtracking')
  })

  it('accepts a fixed-width date pattern like the ones in src', () => {
    expect(ids[4]).toEqual([])
  })
})
