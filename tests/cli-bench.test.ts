// `npm run bench:cli` and `npm run bench:cli-memory` are not part of the test command; this runs them on tiny
// inputs so they keep working. Their figures mean nothing at this size.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { buildOnce, root } from './cli/run-cli'

buildOnce()

const runBench = (script: string, args: string[]) =>
  spawnSync(process.execPath, [join(root, 'bench', script), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 })

describe('the checker benchmarks', () => {
  it('bench:cli times every contender and prints the ratio to the quickest JSON.parse loop, by wall clock and CPU', () => {
    const result = runBench('cli-throughput.mjs', ['--lines', '300', '--rounds', '1'])
    expect(result.stderr).toBe('')
    for (const title of ['read stream', 'one reused 1 MB buffer', 'readFileSync + split', 'node:readline', 'decodeInstallmentWebhook', 'check (text results, default threads)', 'check --jobs 1', 'check --format json', 'check --quiet']) {
      expect(result.stdout.match(new RegExp(`^\\| [^|]*${title.replace(/[+()]/g, '\\$&')}[^|]* \\| \\d+ ms \\|`, 'gm'))).toHaveLength(2)
    }
    expect(result.stdout).toMatch(/^wall clock: check reaches \d\.\d\d by medians, \d\.\d\d by best runs of the speed of the quickest plain JSON\.parse loop/m)
    expect(result.stdout).toMatch(/With --jobs 1 it reaches \d\.\d\d by medians/)
    expect(result.stdout).toMatch(/^CPU time: check reaches \d\.\d\d by medians, \d\.\d\d by best runs of the speed of the quickest plain JSON\.parse loop/m)
    expect(result.status).toBe(0)
  }, 120_000)

  it('bench:cli-memory prints the peak RSS of each run and removes its scratch folder', () => {
    const result = runBench('cli-memory.mjs', ['--megabytes', '2'])
    expect(result.stderr).toBe('')
    const rows = result.stdout.match(/^\| (?:check|Node)[^|]* \| \d+\.\d MB \| \d+\.\d s \| 0 \|$/gm)
    expect(rows).toHaveLength(9)
    expect(result.stdout).toMatch(/^highest peak RSS of the checker with the default --jobs or fewer: \d+\.\d MB; target under about 100 MB: /m)
    const scratch = /^writing 2 MB of deliveries to (\S+) \.\.\.$/m.exec(result.stdout)?.[1]
    expect(scratch).toBeDefined()
    expect(existsSync(scratch as string)).toBe(false)
    expect(result.status).toBe(0)
  }, 120_000)
})
