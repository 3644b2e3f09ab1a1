import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const root = join(__dirname, '..')
const fixture = join(root, 'fixtures', 'seed-paid.json')

const node = (args: string[]): string => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim()

beforeAll(() => {
  // `npm test` builds before jest; a bare `npx jest` builds here.
  if (!existsSync(join(root, 'dist', 'index.js')) || !existsSync(join(root, 'dist', 'index.mjs'))) {
    execFileSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' })
  }
}, 120_000)

describe('the built package', () => {
  it('decodes a fixture through the CommonJS build', () => {
    const out = node([
      '-e',
      `const { decodeInstallmentWebhook } = require('./dist/index.js');
       const r = decodeInstallmentWebhook(require('node:fs').readFileSync(${JSON.stringify(fixture)}));
       process.stdout.write(r._tag + ' ' + r.right.data.status)`,
    ])
    expect(out).toBe('Right paid')
  })

  it('decodes a fixture through the ESM build', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { decodeInstallmentWebhook } from './dist/index.mjs';
       import { readFileSync } from 'node:fs';
       const r = decodeInstallmentWebhook(readFileSync(${JSON.stringify(fixture)}));
       process.stdout.write(r._tag + ' ' + r.right.data.status)`,
    ])
    expect(out).toBe('Right paid')
  })

  it('recognises an error made by the CommonJS build from the ESM build', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       import { isInstallmentWebhookError, InstallmentWebhookError } from './dist/index.mjs';
       const cjs = createRequire(import.meta.url)('./dist/index.js');
       const error = cjs.decodeInstallmentWebhook('{').left;
       process.stdout.write([isInstallmentWebhookError(error), error instanceof InstallmentWebhookError].join(' '))`,
    ])
    expect(out).toBe('true false')
  })
})
