// The receiver's world for the fault suite: a database (a database of its own on the PostgreSQL server that
// QITECH_TEST_FAULTS_DATABASE_URL, or else QITECH_TEST_DATABASE_URL, names; or PGlite in a folder), and receiver
// processes started from the entry of `npm run receiver`, killed and restarted as production would see them.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { Client } from 'pg'

const root = join(__dirname, '..', '..')

/** Where the receiver's tables live, and how the suite reads them. */
export interface TestDatabase {
  /** `server`: a PostgreSQL server the receivers share; `pglite`: a PGlite folder, for one receiver at a time. */
  readonly kind: 'server' | 'pglite'
  /** What a receiver process needs in its environment to use this database. */
  readonly env: Record<string, string>
  /** The database's URL, on a server. */
  readonly url?: string
  /** Runs one statement. */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>
  /** Runs statements in one connection; on PGlite, only while no receiver holds the folder. */
  queryAll(statements: string[]): Promise<unknown[][]>
  /** Removes the database. */
  drop(): Promise<void>
}

const serverDatabase = async (serverUrl: string): Promise<TestDatabase> => {
  const name = `qitech_faults_${process.pid}_${Date.now()}`
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const runAll = async (connectionString: string, statements: string[], params?: unknown[]): Promise<unknown[][]> => {
    const client = new Client({ connectionString })
    await client.connect()
    try {
      const results: unknown[][] = []
      for (const sql of statements) results.push((await client.query(sql, params)).rows)
      return results
    } finally {
      await client.end()
    }
  }
  await runAll(serverUrl, [`CREATE DATABASE ${name}`])
  return {
    kind: 'server',
    env: { DATABASE_URL: url.href },
    url: url.href,
    query: async <Row>(sql: string, params?: unknown[]) => (await runAll(url.href, [sql], params))[0] as Row[],
    queryAll: (statements) => runAll(url.href, statements),
    drop: async () => void (await runAll(serverUrl, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`])),
  }
}

// PGlite loads parts of itself with dynamic imports, which jest's module sandbox does not run: a short-lived node
// process opens the folder and runs the statements.
const PGLITE_QUERY = `
const { PGlite } = await import('@electric-sql/pglite')
const [dir, statements, params] = JSON.parse(process.argv[1])
const db = await PGlite.create(dir)
const results = []
for (const sql of statements) results.push((await db.query(sql, params)).rows)
await db.close()
process.stdout.write(JSON.stringify(results))
`

const pgliteDatabase = (): TestDatabase => {
  const dir = mkdtempSync(join(tmpdir(), 'qitech-faults-pglite-'))
  const runAll = async (statements: string[], params: unknown[] = []): Promise<unknown[][]> => {
    const args = ['--input-type=module', '-e', PGLITE_QUERY, JSON.stringify([dir, statements, params])]
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: root, maxBuffer: 256 * 1024 * 1024 })
    return JSON.parse(stdout) as unknown[][]
  }
  return {
    kind: 'pglite',
    env: { PGLITE_DIR: dir },
    query: async <Row>(sql: string, params?: unknown[]) => (await runAll([sql], params))[0] as Row[],
    queryAll: (statements) => runAll(statements),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

/**
 * The server the suite runs on, if any. It restarts that server mid-run, so `.ci/run` gives it one of its own in
 * QITECH_TEST_FAULTS_DATABASE_URL, and tests running beside it keep theirs.
 */
export const serverUrl = process.env.QITECH_TEST_FAULTS_DATABASE_URL || process.env.QITECH_TEST_DATABASE_URL

/** The database the suite runs on: a real server when there is one, PGlite otherwise. */
export const testDatabase = (): Promise<TestDatabase> => (serverUrl ? serverDatabase(serverUrl) : Promise.resolve(pgliteDatabase()))

/** Restarts the PostgreSQL server with the command in QITECH_TEST_FAULTS_DATABASE_RESTART (`.ci/run` sets it). */
export const restartServer = async (): Promise<void> => {
  const command = process.env.QITECH_TEST_FAULTS_DATABASE_RESTART
  if (!command) {
    throw new Error('QITECH_TEST_FAULTS_DATABASE_RESTART must give the command that restarts the server, e.g. "pg_ctlcluster 15 main restart -m fast"')
  }
  await promisify(execFile)('sh', ['-c', command])
}

/**
 * Builds the receiver as `npm run receiver` does (dist/ when missing, then the `receiver:bundle` script) into a folder
 * of its own inside the checkout, where the package's own name resolves to dist/; returns the entry to run with node
 * and the folder's removal.
 */
export const buildReceiverEntry = async (): Promise<{ entry: string; remove: () => void }> => {
  const dir = join(root, '.receiver', `faults-${process.pid}`)
  const run = promisify(execFile)
  if (!existsSync(join(root, 'dist', 'signature.js'))) await run('npx', ['tsup', '--silent'], { cwd: root })
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
  await run('sh', ['-c', scripts['receiver:bundle'].replace('--outdir=.receiver', `--outdir=${dir}`)], {
    cwd: root,
    env: { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}` },
  })
  return { entry: join(dir, 'main.js'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** One line the receiver logged for a delivery. */
export type LogLine = Record<string, string | number | null>

/** A running receiver process. */
export interface ReceiverProcess {
  readonly url: string
  readonly port: number
  readonly child: ChildProcess
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>
  /** What it wrote to standard error so far. */
  stderr(): string
}

/**
 * Starts `node entry` with the receiver's environment and resolves once it printed `listening on <url>`. Each JSON
 * line it prints goes to `lines`; `PORT` 0 picks a free port.
 */
export const startReceiver = (entry: string, env: Record<string, string>, lines: LogLine[]): Promise<ReceiverProcess> =>
  new Promise((resolve, reject) => {
    // Under `npm run test:proto`, the receivers run with the same flag as the suite.
    const flags = process.env.QITECH_TEST_DISABLE_PROTO ? [`--disable-proto=${process.env.QITECH_TEST_DISABLE_PROTO}`] : []
    const child = spawn(process.execPath, [...flags, entry], {
      env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    child.once('exit', (code, signal) => reject(new Error(`the receiver exited (${code ?? signal}) before listening: ${stderr}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const listening = /^listening on (http:\/\/[^:]+:(\d+))$/.exec(line)
      if (listening) resolve({ url: listening[1], port: Number(listening[2]), child, exited, stderr: () => stderr })
      else if (line.startsWith('{')) lines.push(JSON.parse(line) as LogLine)
    })
  })

/** Stops a receiver with `signal` (SIGTERM drains it; SIGKILL is a crash) and waits for it to exit. */
export const stopReceiver = async (receiver: ReceiverProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
  if (receiver.child.exitCode === null && receiver.child.signalCode === null) receiver.child.kill(signal)
  await receiver.exited
}
