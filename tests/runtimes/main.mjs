// The runtime suite's entry in Node.js, Deno and Bun, run in the scratch project: `main.mjs <input> <output>
// [recipe]`. It runs the vector table through the installed package, then, given a recipe module that exports
// `serving` (a promise of its started server), sends the recipe requests to it over HTTP on 127.0.0.1, and to the
// Hono app of examples/hono.ts through its own fetch.
import { readFileSync, writeFileSync } from 'node:fs'
import process from 'node:process'
import { runVectors, sendRequests } from './conformance.mjs'

const [input, output, recipe] = process.argv.slice(2)
const { vectors, requests } = JSON.parse(readFileSync(input, 'utf8'))
const outcomes = await runVectors(vectors)
let answers = []
let honoAnswers = []
if (recipe !== undefined) {
  const server = await (await import(recipe)).serving
  const port = server.addr?.port ?? server.port // Deno.serve's server, or Bun.serve's
  answers = await sendRequests(requests, (request) => globalThis.fetch(request), `http://127.0.0.1:${port}`)
  await (server.shutdown?.() ?? server.stop(true))
  const [{ createApp }, { receiverFromEnv }, { memoryStore }] = await Promise.all(['./hono.ts', './fetch-handler.ts', './store.ts'].map((m) => import(m)))
  const app = createApp(await receiverFromEnv(process.env), memoryStore().store)
  honoAnswers = await sendRequests(requests, (request) => app.fetch(request), 'https://receiver.example')
}
const { Deno, Bun } = globalThis
const runtime = Deno !== undefined ? `Deno ${Deno.version.deno}` : Bun !== undefined ? `Bun ${Bun.version}` : `Node.js ${process.versions.node}`
writeFileSync(output, JSON.stringify({ runtime, outcomes, answers, honoAnswers }))
