import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = join(__dirname, '..')
const fixture = join(root, 'fixtures', 'seed-paid.json')

const node = (args: string[]): string => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim()

beforeAll(() => {
  // `npm test` builds before jest; a bare `npx jest` builds here.
  if (!['index.js', 'index.mjs', 'signature.js', 'testing.mjs'].every((file) => existsSync(join(root, 'dist', file)))) {
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

describe('the built subpaths', () => {
  it('verifies and decodes a delivery signed with the testing helpers, through the CommonJS builds', () => {
    const out = node([
      '-e',
      `const { receiveInstallmentWebhook } = require('./dist/signature.js');
       const { generateTestKeyPair, signTestWebhook } = require('./dist/testing.js');
       const { InstallmentWebhookError } = require('./dist/index.js');
       let keys;
       const receive = async (body) => receiveInstallmentWebhook(
         { headers: await signTestWebhook({ body, privateKey: keys.privateKey, path: '/q' }), body, method: 'POST', path: '/q' },
         { publicKeys: [keys.publicKey] });
       (async () => {
         keys = await generateTestKeyPair();
         const ok = await receive(require('node:fs').readFileSync(${JSON.stringify(fixture)}));
         const bad = await receive('{"key":1}');
         process.stdout.write([ok._tag, ok.right.webhook.data.status, bad.left.code, bad.left instanceof InstallmentWebhookError].join(' '));
       })();`,
    ])
    // `instanceof` holds because the subpath loads the core through the package's own name: one copy of it.
    expect(out).toBe('Right paid INVALID_PAYLOAD true')
  })

  it('verifies through the ESM builds and recognises a CommonJS signature error', () => {
    const out = node([
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module';
       import { verifyInstallmentWebhookSignature, isInstallmentWebhookSignatureError } from './dist/signature.mjs';
       import { generateTestKeyPair, signTestWebhook, buildBankSlipUpdateWebhook } from './dist/testing.mjs';
       const keys = await generateTestKeyPair();
       const body = JSON.stringify(buildBankSlipUpdateWebhook());
       const headers = await signTestWebhook({ body, privateKey: keys.privateKey, path: '/q' });
       const ok = await verifyInstallmentWebhookSignature({ headers, body, method: 'POST', path: '/q' }, { publicKeys: keys.publicKey });
       const cjs = createRequire(import.meta.url)('./dist/signature.js');
       const bad = await cjs.verifyInstallmentWebhookSignature({ headers: {}, body, method: 'POST', path: '/q' }, { publicKeys: keys.publicKey });
       process.stdout.write([ok._tag, bad.left.code, isInstallmentWebhookSignatureError(bad.left)].join(' '));`,
    ])
    expect(out).toBe('Right MISSING_SIGNATURE true')
  })

  it('keeps jose and node:crypto out of the core entry', () => {
    const cjs = node([
      '-e',
      `require('./dist/index.js');
       process.stdout.write(String(Object.keys(require.cache).some((file) => /[\\\\/]jose[\\\\/]/.test(file))))`,
    ])
    expect(cjs).toBe('false')
    // The ESM entry and every chunk it imports, followed transitively.
    const seen = new Set<string>()
    const visit = (file: string): void => {
      if (seen.has(file)) return
      seen.add(file)
      const text = readFileSync(join(root, 'dist', file), 'utf8')
      for (const [, from, bare] of text.matchAll(/from\s*"\.\/([\w.-]+)"|import\s*"\.\/([\w.-]+)"/g)) visit(from ?? bare)
    }
    visit('index.mjs')
    expect(seen.size).toBeGreaterThan(1)
    for (const file of seen) {
      const text = readFileSync(join(root, 'dist', file), 'utf8')
      expect([file, /from\s*"(?:jose|node:crypto|crypto)"/.test(text)]).toEqual([file, false])
    }
    for (const file of ['index.js', 'index.d.ts']) {
      expect(readFileSync(join(root, 'dist', file), 'utf8')).not.toMatch(/require\("(?:jose|crypto|node:crypto)"\)|from '(?:jose|node:crypto)'/)
    }
  })
})
