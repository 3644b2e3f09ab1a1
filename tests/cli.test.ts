import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readFixture } from './fixtures'

const root = join(__dirname, '..')
const cli = join(root, 'dist', 'cli.js')

const check = (...files: string[]) => spawnSync(process.execPath, [cli, 'check', ...files], { cwd: root, encoding: 'utf8' })

beforeAll(() => {
  // `npm test` builds before jest; a bare `npx jest` builds here.
  if (!existsSync(cli)) spawnSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' })
}, 120_000)

describe('qitech-installment-webhooks check', () => {
  it('prints the status and installment key of each valid payload and exits 0', () => {
    const result = check('fixtures/seed-paid.json', 'fixtures/seed-bank-slip-update.json')
    expect(result.stdout).toBe(
      'fixtures/seed-paid.json: paid 92a05d9c-e457-4f28-9fa8-86be638ee2d0 ok\n' +
        'fixtures/seed-bank-slip-update.json: update bc60ad8e-4dc1-4edc-8c5b-6df1b5c9415d ok\n',
    )
    expect(result.status).toBe(0)
  })

  it('checks each line of an NDJSON file and exits 1 when one line fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qitech-cli-'))
    const file = join(dir, 'replay.ndjson')
    const paid = JSON.stringify(JSON.parse(readFixture('seed-paid.json')))
    writeFileSync(file, `${paid}\n\n{"webhook_type":"installment.status_change","key":"k","data":{"status":"canceled"}}\n`)
    const result = check(file)
    expect(result.stdout.split('\n')).toEqual([
      `${file}:1: paid 92a05d9c-e457-4f28-9fa8-86be638ee2d0 ok`,
      `${file}:3: UNKNOWN_STATUS data.status: expected InstallmentWebhookDataStatus, received string (8 chars)`,
      '',
    ])
    expect(result.status).toBe(1)
  })

  it('rejects an NDJSON line that is not UTF-8 as INVALID_JSON, as it does a .json file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qitech-cli-'))
    const paid = Buffer.from(JSON.stringify(JSON.parse(readFixture('seed-paid.json'))))
    // The paid payload with one byte of its key replaced by a byte that is never UTF-8.
    const broken = Buffer.from(paid)
    broken[paid.indexOf('92a05d9c')] = 0xff
    const ndjson = join(dir, 'replay.ndjson')
    const json = join(dir, 'one.json')
    writeFileSync(ndjson, Buffer.concat([paid, Buffer.from('\n'), broken, Buffer.from('\n')]))
    writeFileSync(json, broken)
    const result = check(ndjson, json)
    expect(result.stdout.split('\n')).toEqual([
      `${ndjson}:1: paid 92a05d9c-e457-4f28-9fa8-86be638ee2d0 ok`,
      `${ndjson}:2: INVALID_JSON (body): expected UTF-8 JSON text, received bytes that are not UTF-8 (${broken.length} bytes)`,
      `${json}: INVALID_JSON (body): expected UTF-8 JSON text, received bytes that are not UTF-8 (${broken.length} bytes)`,
      '',
    ])
    expect(result.status).toBe(1)
  })

  it('names the error code and the first issue of a broken payload', () => {
    const result = check('fixtures/invalid/paid-amount-as-string.json')
    expect(result.stdout).toBe(
      'fixtures/invalid/paid-amount-as-string.json: INVALID_PAYLOAD ' +
        'data.installment.installment_payment[0].paid_amount: expected Amount | null, received string (7 chars)\n',
    )
    expect(result.status).toBe(1)
  })

  it('reports a file it cannot read and exits 1', () => {
    const result = check('fixtures/no-such-file.json')
    expect(result.stdout).toBe('fixtures/no-such-file.json: cannot read (ENOENT)\n')
    expect(result.status).toBe(1)
  })

  it('prints usage and exits 2 without a command or files', () => {
    const result = spawnSync(process.execPath, [cli], { encoding: 'utf8' })
    expect(result.stderr).toContain('usage: qitech-installment-webhooks check <file...>')
    expect(result.status).toBe(2)
  })
})
