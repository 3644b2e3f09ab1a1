// `npm run demo`: runs the built checker over every valid fixture, then over one broken payload, and exits 0 only
// when every valid fixture decoded and the broken one was reported.
const { spawnSync } = require('node:child_process')
const { readdirSync } = require('node:fs')
const { join } = require('node:path')

const root = join(__dirname, '..')
const cli = join(root, 'dist', 'cli.js')
const valid = readdirSync(join(root, 'fixtures'))
  .filter((name) => name.endsWith('.json') || name.endsWith('.ndjson'))
  .sort()
  .map((name) => join('fixtures', name))
const broken = [join('fixtures', 'invalid', 'paid-amount-as-string.json')]

const run = (title, files) => {
  process.stdout.write(`\n$ qitech-installment-webhooks check ${files.length > 3 ? `${files.length} files` : files.join(' ')}   # ${title}\n`)
  const result = spawnSync(process.execPath, [cli, 'check', ...files], { cwd: root, encoding: 'utf8' })
  process.stdout.write(result.stdout + result.stderr)
  process.stdout.write(`(exit code ${result.status})\n`)
  return result.status
}

const validStatus = run('every valid fixture', valid)
const brokenStatus = run('a payload with paid_amount sent as a string', broken)
const ok = validStatus === 0 && brokenStatus === 1
process.stdout.write(
  ok
    ? '\ndemo: every valid fixture decoded and the broken payload was rejected\n'
    : '\ndemo: FAILED: a valid fixture did not decode, or the broken payload was not reported\n',
)
process.exitCode = ok ? 0 : 1
