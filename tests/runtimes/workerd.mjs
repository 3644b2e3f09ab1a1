// The runtime suite in workerd, through Miniflare, without nodejs_compat: `node workerd.mjs <scratch> <input>
// <output>`. The conformance worker runs the vector table; the recipe worker (examples/cloudflare-worker.ts) gets
// the recipe requests with the recipe settings as its bindings.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Miniflare } from 'miniflare'

const [scratch, input, output] = process.argv.slice(2)
const { vectors, requests, env } = JSON.parse(readFileSync(input, 'utf8'))
const { sendRequests } = await import(pathToFileURL(join(scratch, 'conformance.mjs')).href)
const worker = (name, file, bindings = {}) => ({ name, modules: true, script: readFileSync(join(scratch, file), 'utf8'), compatibilityDate: '2026-04-01', bindings })
const mf = new Miniflare({ workers: [worker('conformance', 'workerd-conformance.mjs'), worker('recipe', 'workerd-recipe.mjs', env)] })
try {
  const outcomes = await (await mf.dispatchFetch('https://receiver.example/', { method: 'POST', body: JSON.stringify(vectors) })).json()
  const recipe = await mf.getWorker('recipe')
  // Miniflare's fetch takes its own Request class: each request crosses as URL, method, headers and bytes.
  const send = async (request) =>
    recipe.fetch(request.url, { method: request.method, headers: [...request.headers], body: request.body === null ? undefined : await request.arrayBuffer() })
  const answers = await sendRequests(requests, send, 'https://receiver.example')
  const { version } = createRequire(import.meta.url)('workerd/package.json')
  writeFileSync(output, JSON.stringify({ runtime: `workerd ${version}`, outcomes, answers }))
} finally {
  await mf.dispose()
}
