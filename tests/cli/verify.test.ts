// verify: captured signed deliveries, checked with real P-521 keys as of the moment each was received.
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { type TestKeyPair, generateTestKeyPair, signLegacyTestWebhook, signTestWebhook } from 'qitech-installment-webhooks/testing'
import { PAID_KEY, UPDATE_KEY, buildOnce, paidLine, rejection, resultLines, runCli, scratch, summaryOf, unknownStatusLine, updateLine } from './run-cli'

buildOnce()
const file = scratch()

const PATH = '/webhooks/qitech'
const SIGNED_AT = new Date('2026-11-27T12:00:00.000Z')
// Two minutes after signing: within the default 300 s tolerance.
const RECEIVED_AT = '2026-11-27T12:02:00.123456Z'

let qiKeys: TestKeyPair
let rotatedKeys: TestKeyPair
let strangerKeys: TestKeyPair
let qiKeyFile: string
let rotatedKeyFile: string
beforeAll(async () => {
  ;[qiKeys, rotatedKeys, strangerKeys] = await Promise.all([generateTestKeyPair(), generateTestKeyPair(), generateTestKeyPair()])
  qiKeyFile = file('qi.pem', qiKeys.publicKey)
  rotatedKeyFile = file('rotated.pem', rotatedKeys.publicKey)
})

interface CaptureOptions {
  readonly body?: string
  readonly privateKey?: string
  readonly signedAt?: Date
  readonly receivedAt?: string
  readonly signedPath?: string
}

/** A captured delivery: signed as QI Tech signs, recorded as received. */
const capture = async (options: CaptureOptions = {}): Promise<Record<string, unknown>> => {
  const { body = paidLine, privateKey = qiKeys.privateKey, signedAt = SIGNED_AT, receivedAt = RECEIVED_AT, signedPath = PATH } = options
  const headers = await signTestWebhook({ body, privateKey, path: signedPath, timestamp: signedAt })
  return { headers, body, method: 'POST', path: PATH, received_at: receivedAt }
}

const ndjson = (records: ReadonlyArray<unknown>): string => `${records.map((record) => JSON.stringify(record)).join('\n')}\n`

const verify = (...args: string[]) => runCli(['verify', '--public-key', qiKeyFile, ...args])

describe('qitech-installment-webhooks verify', () => {
  it('accepts authentic deliveries, with the body as text or base64, as of the moment each was received', async () => {
    const base64 = await capture({ body: updateLine })
    base64.body_base64 = Buffer.from(updateLine).toString('base64')
    delete base64.body
    // Signed years ago and received 299 s later: received_at stands for the clock.
    const late = await capture({ signedAt: new Date('2020-01-01T00:00:00Z'), receivedAt: '2020-01-01T00:04:59Z' })
    const input = file('authentic.ndjson', ndjson([await capture(), base64, late]))
    const result = verify(input)
    expect(resultLines(result.stdout)).toEqual([`${input}:1: paid ${PAID_KEY} ok`, `${input}:2: update ${UPDATE_KEY} ok`, `${input}:3: paid ${PAID_KEY} ok`])
    expect(result.status).toBe(0)
  })

  it('accepts deliveries signed with any of the keys given during a rotation, and only those', async () => {
    const input = file(
      'rotation.ndjson',
      ndjson([await capture(), await capture({ privateKey: rotatedKeys.privateKey }), await capture({ privateKey: strangerKeys.privateKey })]),
    )
    const result = verify('--public-key', rotatedKeyFile, input)
    const lines = resultLines(result.stdout)
    expect(lines.slice(0, 2)).toEqual([`${input}:1: paid ${PAID_KEY} ok`, `${input}:2: paid ${PAID_KEY} ok`])
    expect(lines[2]).toMatch(new RegExp(`^${input}:3: BAD_SIGNATURE `))
    expect(resultLines(verify(input).stdout)[1]).toMatch(new RegExp(`^${input}:2: BAD_SIGNATURE `))
  })

  it('reports each way a delivery is not authentic or not fresh with the signature check’s code', async () => {
    const tampered = await capture()
    tampered.body = (tampered.body as string).replace('"paid"', '"paid" ')
    const missing = await capture()
    missing.headers = { 'CONTENT-TYPE': 'application/json' }
    const input = file(
      'rejected.ndjson',
      ndjson([
        tampered,
        await capture({ privateKey: strangerKeys.privateKey }),
        await capture({ receivedAt: '2026-11-27T12:05:00.001Z' }),
        await capture({ receivedAt: '2026-11-27T11:54:59Z' }),
        await capture({ signedPath: '/webhooks/other' }),
        missing,
      ]),
    )
    const result = verify(input)
    expect(resultLines(result.stdout).map((line) => line.slice(input.length + 1).split(' ').slice(0, 2).join(' '))).toEqual([
      '1: BODY_HASH_MISMATCH',
      '2: BAD_SIGNATURE',
      '3: STALE_TIMESTAMP',
      '4: FUTURE_TIMESTAMP',
      '5: PATH_MISMATCH',
      '6: MISSING_SIGNATURE',
    ])
    // The detail is the signature check's message without its package and code prefix.
    expect(resultLines(result.stdout)[2]).toContain('STALE_TIMESTAMP the delivery was signed 300 s ago, more than the 300 s tolerance')
    expect(result.status).toBe(1)
  })

  it('decodes an authentic delivery and reports a body that is not a valid webhook as the decoder does', async () => {
    const input = file('authentic-but-invalid.ndjson', ndjson([await capture({ body: unknownStatusLine })]))
    const result = verify('--format', 'json', input)
    expect(JSON.parse(result.stdout)).toMatchObject({ line: 1, ok: false, outcome: 'invalid', code: 'UNKNOWN_STATUS' })
    expect(resultLines(verify(input).stdout)).toEqual([`${input}:1: ${rejection(unknownStatusLine)}`])
  })

  it('reports a line that is not a captured delivery as INVALID_CAPTURE, naming the field', async () => {
    const good = await capture()
    const without = (field: string) => Object.fromEntries(Object.entries(good).filter(([name]) => name !== field))
    const lines = [
      'not json',
      '[]',
      JSON.stringify({ ...good, headers: 'AUTHORIZATION: x' }),
      JSON.stringify(without('body')),
      JSON.stringify({ ...good, body_base64: 'e30=' }),
      JSON.stringify({ ...without('body'), body_base64: 'not base64!' }),
      JSON.stringify({ ...good, method: 1 }),
      JSON.stringify(without('path')),
      JSON.stringify({ ...good, received_at: '2026-11-27T12:02:00' }),
      JSON.stringify({ ...good, received_at: '2026-02-30T12:02:00Z' }),
    ]
    const input = file('not-captures.ndjson', `${lines.join('\n')}\n`)
    const result = runCli(['verify', '--public-key', qiKeyFile, '--format', 'json', input])
    const records = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line))
    expect(records.map((record) => [record.outcome, record.code, record.issues[0]?.path])).toEqual([
      ['unreadable', 'INVALID_CAPTURE', ''],
      ['unreadable', 'INVALID_CAPTURE', ''],
      ['unreadable', 'INVALID_CAPTURE', 'headers'],
      ['unreadable', 'INVALID_CAPTURE', 'body_base64'],
      ['unreadable', 'INVALID_CAPTURE', 'body'],
      ['unreadable', 'INVALID_CAPTURE', 'body_base64'],
      ['unreadable', 'INVALID_CAPTURE', 'method'],
      ['unreadable', 'INVALID_CAPTURE', 'path'],
      ['unreadable', 'INVALID_CAPTURE', 'received_at'],
      ['unreadable', 'INVALID_CAPTURE', 'received_at'],
    ])
    expect(records[8].detail).toBe(
      'received_at: expected an ISO-8601 date and time with a zone, e.g. 2026-11-27T12:00:00.123456Z, received string (19 chars)',
    )
  })

  it('prints the same summary as check, with the outcomes of a signature check', async () => {
    const input = file(
      'summary.ndjson',
      ndjson([await capture(), await capture({ privateKey: strangerKeys.privateKey }), await capture({ body: unknownStatusLine }), { headers: {} }]),
    )
    const summary = summaryOf(verify(input).stdout).split('\n')
    expect(summary.slice(0, 4)).toEqual([
      'summary: 1 input, 4 payloads: 1 ok, 3 failed',
      '  by outcome: ok 1, invalid 1, unverified 1, unreadable 1',
      '  by code: BAD_SIGNATURE 1, INVALID_CAPTURE 1, UNKNOWN_STATUS 1',
      '  by status: paid 1',
    ])
  })

  it('reads captures from stdin and gzip files, as check reads payloads', async () => {
    const records = ndjson([await capture()])
    const gz = file('captures.ndjson.gz', gzipSync(records))
    const result = runCli(['verify', '--public-key', qiKeyFile, '-', gz], records)
    expect(resultLines(result.stdout)).toEqual([`-:1: paid ${PAID_KEY} ok`, `${gz}:1: paid ${PAID_KEY} ok`])
  })

  it('checks freshness with --tolerance in place of the default 300 s', async () => {
    // Received 400 s after signing: stale by default, fresh within 600 s.
    const input = file('tolerance.ndjson', ndjson([await capture({ receivedAt: '2026-11-27T12:06:40Z' })]))
    expect(resultLines(verify(input).stdout)[0]).toMatch(/:1: STALE_TIMESTAMP .* more than the 300 s tolerance/)
    const result = verify('--tolerance', '600', input)
    expect(resultLines(result.stdout)).toEqual([`${input}:1: paid ${PAID_KEY} ok`])
    expect(result.status).toBe(0)
  })

  it('accepts legacy (v1) deliveries with --legacy only, and still verifies deliveries signed with the current scheme', async () => {
    const apiClientKey = '20d6a816-9d21-4e29-bbe5-2ffb3baacfe9'
    const legacy = await signLegacyTestWebhook({ webhook: JSON.parse(paidLine) as object, privateKey: qiKeys.privateKey, apiClientKey, path: PATH, date: SIGNED_AT })
    const record = { headers: legacy.headers, body: legacy.body, method: 'POST', path: PATH, received_at: RECEIVED_AT }
    const input = file('legacy-flag.ndjson', ndjson([await capture(), record]))
    expect(resultLines(verify('--legacy', input).stdout)).toEqual([`${input}:1: paid ${PAID_KEY} ok`, `${input}:2: paid ${PAID_KEY} ok`])
    const withoutFlag = resultLines(verify(input).stdout)
    expect(withoutFlag[0]).toBe(`${input}:1: paid ${PAID_KEY} ok`)
    expect(withoutFlag[1]).toMatch(new RegExp(`^${input}:2: LEGACY_NOT_ENABLED `))
  })
})

describe('qitech-installment-webhooks verify: unusable keys are usage errors', () => {
  const p256 = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const p521Private = generateKeyPairSync('ec', { namedCurve: 'secp521r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

  it.each([
    { name: 'no --public-key', args: () => ['verify', 'x.ndjson'], message: "verify needs QI Tech's public key: --public-key <pem file>" },
    { name: 'a key file that does not exist', args: () => ['verify', '--public-key', 'missing.pem', 'x.ndjson'], message: 'cannot read the public key missing.pem: ENOENT' },
    {
      name: 'a private key',
      args: () => ['verify', '--public-key', file('private.pem', p521Private), 'x.ndjson'],
      message: `--public-key: ${file('private.pem', p521Private)} is a private key; pass QI Tech's public key`,
    },
    {
      name: 'a P-256 key as the second key',
      args: () => ['verify', '--public-key', qiKeyFile, '--public-key', file('p256.pem', p256), 'x.ndjson'],
      message: `--public-key: ${file('p256.pem', p256)} is not a PEM public key on curve P-521: ES512 needs an SPKI PEM ("BEGIN PUBLIC KEY")`,
    },
    { name: 'a file that is not a key', args: () => ['verify', '--public-key', 'fixtures/seed-paid.json', 'x.ndjson'], message: '--public-key: fixtures/seed-paid.json is not a PEM public key on curve P-521: ES512 needs an SPKI PEM ("BEGIN PUBLIC KEY")' },
    {
      name: 'a --tolerance beyond the signature check’s bounds',
      args: () => ['verify', '--public-key', qiKeyFile, '--tolerance', '3601', 'x.ndjson'],
      message: '--tolerance: toleranceSeconds must be more than 0 and at most 3600 seconds (the default is 300)',
    },
    {
      name: 'a --tolerance of 0',
      args: () => ['verify', '--public-key', qiKeyFile, '--tolerance', '0', 'x.ndjson'],
      message: '--tolerance: toleranceSeconds must be more than 0 and at most 3600 seconds (the default is 300)',
    },
    { name: 'a device as the key', args: () => ['verify', '--public-key', '/dev/zero', 'x.ndjson'], message: 'cannot read the public key /dev/zero: not a regular file' },
    {
      name: 'a FIFO as the key, with no writer',
      args: () => {
        const fifo = join(dirname(qiKeyFile), 'key-fifo-pipe')
        if (!existsSync(fifo)) execFileSync('mkfifo', [fifo])
        return ['verify', '--public-key', fifo, 'x.ndjson']
      },
      message: expect.stringMatching(/^cannot read the public key \S+key-fifo-pipe: not a regular file$/),
    },
    {
      name: 'a key file over 64 kB',
      args: () => ['verify', '--public-key', file('huge.pem', `${qiKeys.publicKey}${' '.repeat(64 * 1024)}`), 'x.ndjson'],
      message: expect.stringMatching(/^cannot read the public key \S+huge\.pem: larger than 64 kB, which no PEM public key is$/),
    },
  ])('$name: exits 2 before reading any input', ({ args, message }) => {
    const result = runCli(args())
    const [first] = result.stderr.split('\n')
    expect(first.startsWith('qitech-installment-webhooks: ')).toBe(true)
    expect(first.slice('qitech-installment-webhooks: '.length)).toEqual(message)
    expect({ stdout: result.stdout, status: result.status }).toEqual({ stdout: '', status: 2 })
  })
})
