// `npm run bench:receive [-- --rounds 21 --iterations 60 --dist dist]`
//
// What receiving one signed delivery costs against the work it cannot avoid. It signs the seed `paid` fixture as QI
// Tech does (ES512 over P-521), builds one receiver (`createInstallmentWebhookReceiver`, once, as a server does at
// start-up; a build without it falls back to `receiveInstallmentWebhook` per call), then times three contenders on
// that same delivery, interleaved in each round so that a busy machine slows them alike:
//   receive     receiver.receive(request): verify, MD5, decode;
//   node:crypto crypto.verify (sha512, dsaEncoding 'ieee-p1363') of the token with a KeyObject, MD5 with
//               createHash, JSON.parse of the body: one ES512 verification and nothing else;
//   Web Crypto  crypto.subtle.verify (ECDSA, SHA-512) with a CryptoKey, MD5 with @noble/hashes, JSON.parse.
// Each round times `--iterations` sequential calls of each, in CPU time of the process; the ratio of a round is receive's time over the
// baseline's, and the figure printed is the median of the rounds' ratios (with their range). The target on Node is
// receive / node:crypto at most 1.05. The package is loaded through its own `exports`, as this runtime resolves them;
// `--dist` points at another build's folder instead (its signature.mjs), e.g. an older checkout's `dist`.
// It runs under Bun and Deno as well (`bun bench/receive.mjs`, `deno run -A bench/receive.mjs`) after a build.
import { Buffer } from 'node:buffer'
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, webcrypto } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { performance } from 'node:perf_hooks'
import { TextDecoder, TextEncoder, parseArgs } from 'node:util'
import { md5 } from '@noble/hashes/legacy'
import { bytesToHex } from '@noble/hashes/utils'

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '21' },
    iterations: { type: 'string', default: '60' },
    dist: { type: 'string' },
  },
})
const rounds = Number(args.rounds)
const iterations = Number(args.iterations)
const TARGET = 1.05
const PATH = '/webhooks/qitech'

// By default the package's own build, through its `exports` as this runtime resolves them (Node: signature-node.mjs).
const entry = args.dist === undefined ? 'qitech-installment-webhooks/signature' : pathToFileURL(resolve(args.dist, 'signature.mjs')).href
const signature = await import(entry)
const source = args.dist === undefined ? import.meta.resolve(entry).replace(/^.*\/dist\//, 'dist/') : `${args.dist}/signature.mjs`
const root = new URL('..', import.meta.url)
const body = Buffer.from(readFileSync(new URL('fixtures/seed-paid.json', root)))

// Signed here with node:crypto, so the bench does not depend on the /testing API of the build it measures.
const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp521r1' })
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
const segment = (value) => Buffer.from(value).toString('base64url')
const claims = {
  payload_md5: createHash('md5').update(body).digest('hex'),
  timestamp: new Date().toISOString().replace('Z', '000Z'),
  method: 'POST',
  uri: PATH,
}
const signingInput = `${segment('{"alg":"ES512","typ":"JWT"}')}.${segment(JSON.stringify(claims))}`
const token = `${signingInput}.${segment(sign('sha512', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' }))}`
const request = { headers: { authorization: token }, body, method: 'POST', path: PATH }

const options = { publicKeys: [publicPem] }
const api = typeof signature.createInstallmentWebhookReceiver === 'function' ? 'createInstallmentWebhookReceiver' : 'receiveInstallmentWebhook'
const receive =
  api === 'createInstallmentWebhookReceiver'
    ? ((receiver) => (req) => receiver.receive(req))(await signature.createInstallmentWebhookReceiver(options))
    : (req) => signature.receiveInstallmentWebhook(req, options)
const first = await receive(request)
if (first._tag !== 'Right' || first.right.webhook.data.status !== 'paid') throw new Error(`the delivery was not received: ${first.left?.message}`)

// The baselines parse the token the least a verifier must: split it, decode the signature.
const nodeKey = createPublicKey(publicPem)
const nodeCrypto = async (req) => {
  const [header, payload, sig] = req.headers.authorization.split('.')
  const ok = verify('sha512', Buffer.from(`${header}.${payload}`), { key: nodeKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'))
  const hash = createHash('md5').update(req.body).digest('hex')
  return ok && hash === claims.payload_md5 && JSON.parse(req.body.toString('utf8'))
}
const subtle = globalThis.crypto?.subtle ?? webcrypto.subtle
const webKey = await subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-521' }, false, ['verify'])
const encoder = new TextEncoder()
const decoder = new TextDecoder()
const webCrypto = async (req) => {
  const [header, payload, sig] = req.headers.authorization.split('.')
  const ok = await subtle.verify({ name: 'ECDSA', hash: 'SHA-512' }, webKey, Buffer.from(sig, 'base64url'), encoder.encode(`${header}.${payload}`))
  const hash = bytesToHex(md5(req.body))
  return ok && hash === claims.payload_md5 && JSON.parse(decoder.decode(req.body))
}
if (!(await nodeCrypto(request)) || !(await webCrypto(request))) throw new Error('a baseline did not verify the delivery')

// CPU time of the whole process (every thread: Web Crypto verifies on libuv's pool), so that waiting for a core on a
// busy machine does not count; wall-clock time where the runtime has no process.cpuUsage.
const cpuUsage = typeof process.cpuUsage === 'function' ? () => process.cpuUsage() : undefined
const clock = cpuUsage === undefined ? 'wall-clock' : 'CPU'
const nowMs = () => {
  if (cpuUsage === undefined) return performance.now()
  const { user, system } = cpuUsage()
  return (user + system) / 1000
}
const timeOf = async (run) => {
  const start = nowMs()
  for (let i = 0; i < iterations; i += 1) await run(request)
  return (nowMs() - start) / iterations
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

const contenders = { receive, 'node:crypto': nodeCrypto, 'Web Crypto': webCrypto }
const times = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]))
for (const run of Object.values(contenders)) await timeOf(run) // warm-up
for (let round = 0; round < rounds; round += 1) {
  // A rotating order, so that no contender always runs first in a round.
  const names = Object.keys(contenders)
  for (let k = 0; k < names.length; k += 1) {
    const name = names[(k + round) % names.length]
    times[name].push(await timeOf(contenders[name]))
  }
}

const { Deno, Bun } = globalThis
const runtime = Deno ? `Deno ${Deno.version.deno}` : Bun ? `Bun ${Bun.version}` : `Node ${process.version}`
const print = (line) => process.stdout.write(`${line}\n`)
print(`${runtime}, ${api} from ${source}, ${rounds} rounds of ${iterations} calls, body ${body.length} bytes`)
for (const [name, values] of Object.entries(times)) print(`${name.padEnd(12)} ${median(values).toFixed(3)} ms of ${clock} time per delivery (median of rounds)`)
for (const baseline of ['node:crypto', 'Web Crypto']) {
  const ratios = times.receive.map((value, round) => value / times[baseline][round])
  const range = `${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)}`
  const target = baseline === 'node:crypto' ? ` (target at most ${TARGET.toFixed(2)})` : ''
  print(`receive / ${baseline}: ${median(ratios).toFixed(3)}x, rounds ${range}${target}`)
}
