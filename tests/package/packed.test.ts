// The packed tarball, installed the way users install it: `npm pack` once, publint and arethetypeswrong on the
// tarball, then one scratch project outside the repository with the tarball and the lowest io-ts and fp-ts that
// package.json accepts, and the @types/node it names, from the registry. Apps in tests/package/consumer/ run in it
// with Node, and type-check in it with this repository's TypeScript under node16, bundler and node10 module
// resolution.
import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const root = join(__dirname, '..', '..')
const consumerDir = join(__dirname, 'consumer')
const bin = (name: string): string => join(root, 'node_modules', '.bin', name)
const tscPath = join(root, 'node_modules', 'typescript', 'bin', 'tsc')

interface Manifest {
  name: string
  version: string
  exports: Record<string, unknown>
  peerDependencies: Record<string, string>
  devDependencies: Record<string, string>
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest

// npm hands its own settings to the scripts it runs (npm_config_local_prefix would point a nested npm back at this
// repository); the nested npm and npx must see the scratch project only.
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_(?:config_local_prefix|package_|lifecycle_|command$|execpath$)/i.test(key)) env[key] = value
  }
  return env
}

const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): SpawnSyncReturns<string> =>
  spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 180_000 })

const succeed = (command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): string => {
  const result = run(command, args, cwd, env)
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}\n${result.stderr}`)
  }
  return result.stdout
}

// The lowest version a peer range such as `^2.2.20` accepts; the repository's own tests run the lock file's.
const lowestOf = (range: string): string => {
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(range)
  if (match === null) throw new Error(`cannot pick the lowest version of the peer range ${range}`)
  return match[1]
}

const entrySubpaths = Object.keys(manifest.exports).filter((subpath) => subpath !== './package.json')
const fixture = (name: string): string => join(root, 'fixtures', name)

// Each TypeScript project compiles, in one program with @types/node as a Node app has, handler.ts and
// handler-signature.ts (which must compile) and wrong.ts (which must fail). handler.ts is compiled once more without
// @types/node, as an edge or browser bundle has none: the core entry's types must not need Node's.
interface TypeProject {
  name: string
  compilerOptions: Record<string, unknown>
  handlers: string[]
  wrong: string[]
}
const typeProjects: TypeProject[] = [
  // NestJS-style CommonJS and Node ESM: the .cts files resolve the `require` types, the .mts files the `import` types.
  {
    name: 'node16',
    compilerOptions: { module: 'node16', moduleResolution: 'node16', types: ['node'] },
    handlers: ['handler.cts', 'handler.mts', 'handler-signature.cts', 'handler-signature.mts'],
    wrong: ['wrong.cts', 'wrong.mts'],
  },
  // Vite, Next.js, esbuild and other bundlers.
  {
    name: 'bundler',
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', types: ['node'] },
    handlers: ['handler.ts', 'handler-signature.ts'],
    wrong: ['wrong.ts'],
  },
  // Older TypeScript setups (`moduleResolution: node`), which ignore `exports`.
  {
    name: 'node10',
    compilerOptions: { module: 'commonjs', moduleResolution: 'node10', types: ['node'] },
    handlers: ['handler.ts', 'handler-signature.ts'],
    wrong: ['wrong.ts'],
  },
]
const withoutNodeTypes: TypeProject = {
  name: 'bundler-without-node-types',
  compilerOptions: { module: 'esnext', moduleResolution: 'bundler', types: [] },
  handlers: ['handler.ts'],
  wrong: [],
}

const wrongLine = readFileSync(join(consumerDir, 'wrong.ts'), 'utf8').split('\n').findIndex((l) => l.includes('.installments')) + 1
const results = new Map<string, Promise<{ code: number; output: string }>>()

const compile = (project: TypeProject): Promise<{ code: number; output: string }> => {
  let pending = results.get(project.name)
  if (pending === undefined) {
    for (const file of [...project.handlers, ...project.wrong]) {
      const from = file.replace(/\.[cm]ts$/, '.ts')
      if (file !== from) copyFileSync(join(scratch, from), join(scratch, file))
    }
    const config = join(scratch, `tsconfig.${project.name}.json`)
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'es2022',
          lib: ['es2022'],
          noEmit: true,
          skipLibCheck: false,
          ...project.compilerOptions,
        },
        files: [...project.handlers, ...project.wrong],
      }),
    )
    pending = promisify(execFile)(process.execPath, [tscPath, '-p', config, '--pretty', 'false'], { cwd: scratch, env: cleanEnv() }).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    )
    results.set(project.name, pending)
  }
  return pending
}

let workDir: string
let scratch: string
let tarball: string
let packedFiles: string[]

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'qitech-installment-webhooks-pack-'))
  scratch = join(workDir, 'app')
  if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is not built: run `npm run build` first')
  const [packed] = JSON.parse(succeed('npm', ['pack', '--json', '--pack-destination', workDir], root)) as Array<{
    filename: string
    files: Array<{ path: string }>
  }>
  tarball = join(workDir, packed.filename)
  packedFiles = packed.files.map((f) => f.path).sort()

  mkdirSync(scratch)
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'commonjs' }))
  const peers = Object.entries(manifest.peerDependencies).map(([name, range]) => `${name}@${lowestOf(range)}`)
  const nodeTypes = `@types/node@${manifest.devDependencies['@types/node']}`
  succeed('npm', ['install', '--prefix', scratch, '--prefer-offline', '--no-audit', '--no-fund', tarball, ...peers, nodeTypes], scratch)
  for (const file of readdirSync(consumerDir)) copyFileSync(join(consumerDir, file), join(scratch, file))
  // The four compilers start now and run while the other tests do.
  for (const project of [...typeProjects, withoutNodeTypes]) void compile(project)
}, 240_000)

afterAll(() => {
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true })
})

describe('the tarball', () => {
  it('holds only package.json, the docs, the license and the built files', () => {
    const unexpected = packedFiles.filter(
      (path) => !/^(?:package\.json|README\.md|CHANGELOG\.md|LICENSE|dist\/.+\.(?:js|mjs|d\.ts|d\.mts))$/.test(path),
    )
    expect(unexpected).toEqual([])
  })

  it('holds every file that package.json points to', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>
    const targets = new Set<string>()
    const collect = (value: unknown): void => {
      if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''))
      else if (Array.isArray(value)) value.forEach(collect)
      else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect)
    }
    ;[pkg.main, pkg.module, pkg.types, pkg.bin, pkg.exports, pkg.typesVersions].forEach(collect)
    expect([...targets].filter((target) => !packedFiles.includes(target))).toEqual([])
  })

  it('passes publint --strict', () => {
    const result = run(bin('publint'), ['run', '--strict', tarball], root)
    expect(`${result.stdout}${result.stderr}`).toContain('All good!')
    expect(result.status).toBe(0)
  })

  it('has no arethetypeswrong problem under its default profile, node10 included, for every export', () => {
    const result = run(bin('attw'), [tarball, '--format', 'json'], root)
    const report = JSON.parse(result.stdout) as {
      analysis: {
        problems: unknown[]
        entrypoints: Record<string, { resolutions: Record<string, unknown> }>
      }
    }
    expect(report.analysis.problems).toEqual([])
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual(Object.keys(manifest.exports).sort())
    for (const entry of Object.values(report.analysis.entrypoints)) {
      expect(Object.keys(entry.resolutions).sort()).toEqual(['bundler', 'node10', 'node16-cjs', 'node16-esm'])
    }
    expect(result.status).toBe(0)
  }, 60_000)
})

describe('the installed package at run time', () => {
  const node = (args: string[], env?: NodeJS.ProcessEnv): Record<string, unknown> =>
    JSON.parse(succeed(process.execPath, args, scratch, env)) as Record<string, unknown>

  it('decodes a fixture through require() in a CommonJS app, with the app’s io-ts, loading no module but the package, io-ts and fp-ts', () => {
    expect(node(['cjs.cjs', fixture('seed-paid.json')])).toEqual({
      tag: 'Right',
      status: 'paid',
      entry: join(scratch, 'node_modules', manifest.name, 'dist', 'index.js'),
      usesTheAppsIoTs: true,
      ioTsLoaded: true,
      joseLoaded: false,
      packagesLoaded: expect.arrayContaining([manifest.name, 'io-ts']),
      otherModulesRequested: [],
    })
    const { packagesLoaded } = node(['cjs.cjs', fixture('seed-paid.json')]) as { packagesLoaded: string[] }
    expect(packagesLoaded.filter((name) => ![manifest.name, 'io-ts', 'fp-ts'].includes(name))).toEqual([])
  })

  it('decodes a fixture through import in an ES module app, with the app’s io-ts', () => {
    expect(node(['esm.mjs', fixture('seed-bank-slip-update.json')])).toEqual({
      tag: 'Right',
      status: 'update',
      entry: `file://${join(scratch, 'node_modules', manifest.name, 'dist', 'index.mjs')}`,
      usesTheAppsIoTs: true,
    })
  })

  it('loads no jose module when an ES module app imports the core', () => {
    const loads = join(workDir, 'esm-loads.txt')
    writeFileSync(loads, '')
    node(['--import', './record-loads.mjs', 'esm.mjs', fixture('seed-paid.json')], { ...cleanEnv(), LOADS_FILE: loads })
    const urls = readFileSync(loads, 'utf8').split('\n')
    expect(urls).toContain(`file://${join(scratch, 'node_modules', manifest.name, 'dist', 'index.mjs')}`)
    expect(urls.some((url) => url.includes('/node_modules/io-ts/'))).toBe(true)
    expect(urls.filter((url) => url.includes('/node_modules/jose/'))).toEqual([])
  })

  it('recognises an error made by the CommonJS build with isInstallmentWebhookError from the ESM build', () => {
    expect(node(['dual.mjs'])).toEqual({
      twoClasses: true,
      esmRecognisesCjsError: true,
      cjsRecognisesEsmError: true,
      instanceofAcrossBuilds: false,
      code: 'INVALID_JSON',
    })
  })

  it('loads every exported entry point through require and import, with the same names', () => {
    const entries = node(['entries.mjs']) as Record<string, { require: string[]; import: string[] }>
    expect(Object.keys(entries).sort()).toEqual([...entrySubpaths].sort())
    for (const names of Object.values(entries)) {
      expect(names.require.length).toBeGreaterThan(0)
      expect(names.import).toEqual(names.require)
    }
  })

  it('runs the check command through npx from the installed bin', () => {
    const ok = run('npx', ['--no', manifest.name, 'check', fixture('seed-paid.json'), fixture('seed-bank-slip-update.json')], scratch)
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' })
    expect(ok.stdout.trim().split('\n').slice(0, 3)).toEqual([
      expect.stringMatching(/seed-paid\.json: paid \S+ ok$/),
      expect.stringMatching(/seed-bank-slip-update\.json: update \S+ ok$/),
      'summary: 2 inputs, 2 payloads: 2 ok, 0 failed',
    ])
    const broken = run('npx', ['--no', manifest.name, 'check', fixture('invalid/paid-amount-as-string.json')], scratch)
    expect(broken.status).toBe(1)
    expect(broken.stdout).toMatch(/paid-amount-as-string\.json: INVALID_PAYLOAD data\.installment\.installment_payment\[0\]\.paid_amount: /)
  })
})

describe('type-checking an app against the installed types (TypeScript from this repository, strict)', () => {
  it.each(typeProjects)(
    '$name: a handler that narrows on data.status and one that verifies with the signature subpath, narrows its error union on code and signs with the testing subpath compile; reading installments on a status change does not',
    async (project) => {
      const { code, output } = await compile(project)
      const errors = output.split('\n').filter((line) => /error TS\d+/.test(line))
      expect(errors).toEqual(
        project.wrong.map((file) =>
          expect.stringMatching(
            new RegExp(`^${file.replace('.', '\\.')}\\(${wrongLine},\\d+\\): error TS(?:2339|2551): Property 'installments' does not exist on type`),
          ),
        ),
      )
      expect(code).toBeGreaterThan(0)
    },
    120_000,
  )

  it('bundler without @types/node, as in an edge or browser bundle: the core handler compiles', async () => {
    const { code, output } = await compile(withoutNodeTypes)
    expect(output.split('\n').filter((line) => /error TS\d+/.test(line))).toEqual([])
    expect(code).toBe(0)
  }, 120_000)
})
