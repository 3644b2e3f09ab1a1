// Reading inputs: stdin, gzip, line endings, blank and cut-short lines, long lines, and inputs that cannot be read.
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { buildBankSlipUpdateWebhook } from 'qitech-installment-webhooks/testing'
import { LineCutter, type Payload } from '../../src/cli/input'
import {
  PAID_KEY,
  UPDATE_KEY,
  buildOnce,
  paidLine,
  rejection,
  resultLines,
  runCli,
  scratch,
  summaryOf,
  unknownStatusLine,
  updateLine,
} from './run-cli'

buildOnce()
const file = scratch()

describe('qitech-installment-webhooks check: inputs', () => {
  it('reads NDJSON from stdin for -, labelled -:<line>', () => {
    const result = runCli(['check', '-'], `${paidLine}\n${updateLine}\n${unknownStatusLine}\n`)
    expect(resultLines(result.stdout)).toEqual([
      `-:1: paid ${PAID_KEY} ok`,
      `-:2: update ${UPDATE_KEY} ok`,
      `-:3: ${rejection(unknownStatusLine)}`,
    ])
    expect(result.status).toBe(1)
  })

  it('reads stdin among files, in the order given', () => {
    const result = runCli(['check', 'fixtures/seed-paid.json', '-'], `${updateLine}\n`)
    expect(resultLines(result.stdout)).toEqual([`fixtures/seed-paid.json: paid ${PAID_KEY} ok`, `-:1: update ${UPDATE_KEY} ok`])
    expect(result.status).toBe(0)
  })

  it('decompresses a .gz file, line by line, and a .json.gz file as one payload', () => {
    const ndjson = file('replay.ndjson.gz', gzipSync(`${paidLine}\n${updateLine}\n`))
    const json = file('one.json.gz', gzipSync(JSON.stringify(JSON.parse(paidLine), null, 2)))
    const result = runCli(['check', ndjson, json])
    expect(resultLines(result.stdout)).toEqual([
      `${ndjson}:1: paid ${PAID_KEY} ok`,
      `${ndjson}:2: update ${UPDATE_KEY} ok`,
      `${json}: paid ${PAID_KEY} ok`,
    ])
    expect(result.status).toBe(0)
  })

  it('checks the lines of a .gz file cut short, then reports that it could not read the rest', () => {
    const whole = gzipSync(`${paidLine}\n${updateLine}\n${paidLine}\n`)
    const cut = file('cut.ndjson.gz', whole.subarray(0, whole.length - 12))
    const result = runCli(['check', cut])
    const lines = resultLines(result.stdout)
    expect(lines[0]).toBe(`${cut}:1: paid ${PAID_KEY} ok`)
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^${cut}: UNREADABLE_INPUT cannot read after line \\d: unexpected end of file`))
    expect(result.status).toBe(1)
  })

  it('decompresses gzip data by its first bytes, whatever the name, and reads plain text under a .gz name as it is', () => {
    const gzipped = file('replay.ndjson', gzipSync(`${paidLine}\n`))
    const plain = file('plain.ndjson.gz', `${updateLine}\n`)
    expect(resultLines(runCli(['check', gzipped, plain]).stdout)).toEqual([`${gzipped}:1: paid ${PAID_KEY} ok`, `${plain}:1: update ${UPDATE_KEY} ok`])
  })

  it('decompresses gzip data piped into stdin', () => {
    const result = runCli(['check', '-'], gzipSync(`${paidLine}\n${unknownStatusLine}\n`))
    expect(resultLines(result.stdout)).toEqual([`-:1: paid ${PAID_KEY} ok`, `-:2: ${rejection(unknownStatusLine)}`])
    expect(result.status).toBe(1)
  })

  it('reports gzip data that is corrupt after its first bytes', () => {
    const corrupt = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not the rest of a gzip stream')])
    const result = runCli(['check', file('corrupt.gz', corrupt)])
    expect(resultLines(result.stdout)[0]).toMatch(/: UNREADABLE_INPUT cannot read from the start: .*\(Z_DATA_ERROR\)$/)
    expect(result.status).toBe(1)
  })

  it('reads a .json file as one payload, however many lines it spans', () => {
    const json = file('pretty.json', `\uFEFF${JSON.stringify(JSON.parse(updateLine), null, 2)}\r\n`)
    expect(resultLines(runCli(['check', json]).stdout)).toEqual([`${json}: update ${UPDATE_KEY} ok`])
  })

  it('accepts CRLF line endings, and reports a failure with the line number it has in the file', () => {
    const crlf = file('crlf.ndjson', `${paidLine}\r\n${unknownStatusLine}\r\n${updateLine}\r\n`)
    const result = runCli(['check', crlf])
    expect(resultLines(result.stdout)).toEqual([
      `${crlf}:1: paid ${PAID_KEY} ok`,
      `${crlf}:2: ${rejection(unknownStatusLine)}`,
      `${crlf}:3: update ${UPDATE_KEY} ok`,
    ])
  })

  it('skips blank and whitespace-only lines but counts them in line numbers', () => {
    const blanks = file('blanks.ndjson', `\n${paidLine}\n  \t\n\r\n\n${updateLine}\n\n`)
    const result = runCli(['check', blanks])
    expect(resultLines(result.stdout)).toEqual([`${blanks}:2: paid ${PAID_KEY} ok`, `${blanks}:6: update ${UPDATE_KEY} ok`])
    expect(summaryOf(result.stdout).split('\n')[0]).toBe('summary: 1 input, 2 payloads: 2 ok, 0 failed')
  })

  it('checks a last line without a newline, and says a failing one may have been cut short', () => {
    const complete = file('no-final-newline.ndjson', `${paidLine}\n${updateLine}`)
    expect(resultLines(runCli(['check', complete]).stdout)).toEqual([`${complete}:1: paid ${PAID_KEY} ok`, `${complete}:2: update ${UPDATE_KEY} ok`])

    const truncated = updateLine.slice(0, 200)
    const cut = file('truncated.ndjson', `${paidLine}\n${truncated}`)
    const result = runCli(['check', cut])
    expect(resultLines(result.stdout)).toEqual([
      `${cut}:1: paid ${PAID_KEY} ok`,
      `${cut}:2: ${rejection(truncated)} (the last line ends without a newline: was the input cut short?)`,
    ])
    expect(result.status).toBe(1)
  })

  it('reports a line that is not UTF-8 as INVALID_JSON, as the decoder does a request body, and goes on', () => {
    const broken = Buffer.from(paidLine)
    broken[paidLine.indexOf(PAID_KEY)] = 0xff
    const mixed = file('bad-utf8.ndjson', Buffer.concat([broken, Buffer.from(`\n${paidLine}\n`)]))
    const result = runCli(['check', mixed])
    expect(resultLines(result.stdout)).toEqual([`${mixed}:1: ${rejection(broken)}`, `${mixed}:2: paid ${PAID_KEY} ok`])
    expect(resultLines(result.stdout)[0]).toContain('not UTF-8')
  })

  it('decodes a 50 MB line: a bank-slip update with over 100,000 installments', () => {
    const [installment] = buildBankSlipUpdateWebhook().data.installments
    const count = 120_000
    const installments = Array.from({ length: count }, (_, i) => ({ ...installment, installment_key: `installment-${i}` }))
    const line = JSON.stringify(buildBankSlipUpdateWebhook({ data: { installments } }))
    expect(line.length).toBeGreaterThan(50 * 1024 * 1024)
    const big = file('big-line.ndjson', `${paidLine}\n${line}\n${paidLine}\n`)
    const result = runCli(['check', big])
    expect(resultLines(result.stdout)).toEqual([
      `${big}:1: paid ${PAID_KEY} ok`,
      `${big}:2: update installment-0,installment-1,installment-2,installment-3,installment-4 (and ${count - 5} more) ok`,
      `${big}:3: paid ${PAID_KEY} ok`,
    ])
    expect(result.status).toBe(0)
  }, 60_000)

  it('fails a line over --max-payload-bytes without holding it, and checks the lines after it', () => {
    const long = `{"padding":"${'x'.repeat(3_000_000)}"}`
    const input = file('long-line.ndjson', `${paidLine}\n${long}\n${paidLine}`)
    const result = runCli(['check', '--max-payload-bytes', '1000000', input])
    expect(resultLines(result.stdout)).toEqual([
      `${input}:1: paid ${PAID_KEY} ok`,
      `${input}:2: PAYLOAD_TOO_LARGE the line holds at least ${long.length} bytes, more than --max-payload-bytes 1000000`,
      `${input}:3: paid ${PAID_KEY} ok`,
    ])
    expect(result.status).toBe(1)
  })

  it('fails a .json file over --max-payload-bytes', () => {
    const result = runCli(['check', '--max-payload-bytes', '100', 'fixtures/seed-paid.json'])
    expect(resultLines(result.stdout)[0]).toMatch(
      /^fixtures\/seed-paid\.json: PAYLOAD_TOO_LARGE the file holds \d+ bytes, more than --max-payload-bytes 100$/,
    )
  })

  it('reports a file that does not exist and a directory given as a file, and checks the other inputs', () => {
    const result = runCli(['check', 'fixtures/missing.ndjson', 'fixtures', 'fixtures/seed-paid.json'])
    expect(resultLines(result.stdout)).toEqual([
      'fixtures/missing.ndjson: UNREADABLE_INPUT cannot open: no such file',
      'fixtures: UNREADABLE_INPUT cannot read: is a directory, not a file',
      `fixtures/seed-paid.json: paid ${PAID_KEY} ok`,
    ])
    expect(summaryOf(result.stdout).split('\n')[0]).toBe('summary: 3 inputs, 1 payload: 1 ok, 0 failed; 2 inputs unreadable')
    expect(result.status).toBe(1)
  })
})

describe('LineCutter', () => {
  /** A payload reduced to what a test compares: its line, its bytes in hex (none over the limit), size and ending. */
  type Cut = { line: number | undefined; hex: string | undefined; size: number; unterminated: boolean }
  const cutOf = ({ line, body, size, unterminated }: Payload): Cut => ({ line, hex: body?.toString('hex'), size, unterminated })

  // Cuts `bytes` handed over in chunks of `sizes`, each read into the same memory as a file is read, which is
  // overwritten once the chunk is cut: a payload must not point into it after its turn.
  const cut = (bytes: Buffer, sizes: number[], maxBytes: number, whole = false): Cut[] => {
    const cutter = new LineCutter(maxBytes, whole)
    const shared = Buffer.alloc(Math.max(...sizes))
    const cuts: Cut[] = []
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const size = Math.min(sizes[i % sizes.length], bytes.length - at)
      bytes.copy(shared, 0, at, at + size)
      at += size
      for (const payload of cutter.cut(shared.subarray(0, size))) cuts.push(cutOf(payload))
      shared.fill(0x41)
    }
    const last = cutter.end()
    if (last !== undefined) cuts.push(cutOf(last))
    return cuts
  }

  // What the payloads of `bytes` are, by a plain split of all the bytes at once.
  const expectedCuts = (bytes: Buffer, maxBytes: number): Cut[] => {
    const lines: Buffer[] = []
    for (let start = 0; start <= bytes.length; ) {
      const end = bytes.indexOf(0x0a, start)
      lines.push(bytes.subarray(start, end === -1 ? bytes.length : end))
      start = end === -1 ? bytes.length + 1 : end + 1
    }
    const last = lines.length - 1
    return lines.flatMap((raw, index): Cut[] => {
      if (index === last && raw.length === 0) return []
      const line = raw[raw.length - 1] === 0x0d ? raw.subarray(0, -1) : raw
      const unterminated = index === last
      if (raw.length > maxBytes) return [{ line: index + 1, hex: undefined, size: raw.length, unterminated }]
      if (/^[\t\r ]*$/.test(line.toString('latin1'))) return []
      return [{ line: index + 1, hex: line.toString('hex'), size: raw.length, unterminated }]
    })
  }

  // Pieces of lines: JSON, a two-byte and a three-byte character (which chunks may split), bytes that are never
  // UTF-8 and a lone continuation byte, blanks, and line ends.
  const piece = fc.constantFrom(
    ...['{"a":1}', 'é', '€', ' ', '\t', '\r', 'xyz', '\n', '\r\n'].map((text) => Buffer.from(text)),
    Buffer.from([0xff]),
    Buffer.from([0x80]),
  )
  const input = fc.array(piece, { maxLength: 60 }).map((pieces) => Buffer.concat(pieces))
  const sizes = fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1 })

  it('cuts any bytes, read in chunks of any sizes into reused memory, into the lines a plain split gives', () => {
    fc.assert(
      fc.property(input, sizes, fc.integer({ min: 1, max: 20 }), (bytes, chunkSizes, maxBytes) => {
        expect(cut(bytes, chunkSizes, maxBytes)).toEqual(expectedCuts(bytes, maxBytes))
      }),
      { numRuns: 1000, seed: 12 },
    )
  })

  it('keeps a whole input as one payload, blank or not, or only counts its bytes when it is over the limit', () => {
    fc.assert(
      fc.property(input, sizes, fc.integer({ min: 1, max: 400 }), (bytes, chunkSizes, maxBytes) => {
        const whole = { line: undefined, size: bytes.length, unterminated: false }
        expect(cut(bytes, chunkSizes, maxBytes, true)).toEqual([{ ...whole, hex: bytes.length > maxBytes ? undefined : bytes.toString('hex') }])
      }),
      { numRuns: 300, seed: 13 },
    )
  })
})
