// The runtime suite in workerd, through Miniflare, without nodejs_compat: `node workerd.mjs <scratch> <input>
// <output>`. The conformance worker runs the vector table; the recipe worker (examples/cloudflare-worker.ts) gets
// the recipe requests with the recipe settings as its bindings, and once more with a key binding that is not a PEM;
// the Hono worker (examples/hono.ts) gets them too.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Miniflare } from 'miniflare'

const [scratch, input, output] = process.argv.slice(2)
const { vectors, requests, env } = JSON.parse(readFileSync(input, 'utf8'))
const { sendRequests } = await import(pathToFileURL(join(scratch, 'conformance.mjs')).href)
const worker = (name, file, bindings = {}) => ({ name, modules: true, script: readFileSync(join(scratch, file), 'utf8'), compatibilityDate: '2026-04-01', bindings })
const mf = new Miniflare({
  workers: [
    worker('conformance', 'workerd-conformance.mjs'),
    worker('recipe', 'workerd-recipe.mjs', env),
    worker('misconfigured', 'workerd-recipe.mjs', { ...env, QITECH_PUBLIC_KEY: 'not a key' }),
    worker('hono', 'workerd-hono.mjs', env),
  ],
})
try {
  const outcomes = await (await mf.dispatchFetch('https://receiver.example/', { method: 'POST', body: JSON.stringify(vectors) })).json()
  // Miniflare's fetch takes its own Request class: each request crosses as URL, method, headers and bytes.
  const sender = (worker) => async (request) =>
    worker.fetch(request.url, { method: request.method, headers: [...request.headers], body: request.body === null ? undefined : await request.arrayBuffer() })
  const answers = await sendRequests(requests, sender(await mf.getWorker('recipe')), 'https://receiver.example')
  const honoAnswers = await sendRequests(requests, sender(await mf.getWorker('hono')), 'https://receiver.example')
  const [{ status, body }] = await sendRequests(requests.slice(0, 1), sender(await mf.getWorker('misconfigured')), 'https://receiver.example')
  const { version } = createRequire(import.meta.url)('workerd/package.json')
  writeFileSync(output, JSON.stringify({ runtime: `workerd ${version}`, outcomes, answers, honoAnswers, misconfigured: { status, body } }))
} finally {
  await mf.dispose()
}
