// The runtime suite for Vercel Edge: the bundle build.mjs made with the `edge-light` condition (no Node built-in
// module in it) runs on Node's global Request, Response and Web Crypto: `node edge-light.mjs <scratch> <input>
// <output>`. The recipe is examples/hono.ts, its app made once with the recipe settings.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [scratch, input, output] = process.argv.slice(2)
const { vectors, requests, env } = JSON.parse(readFileSync(input, 'utf8'))
const edge = await import(pathToFileURL(join(scratch, 'edge-light.mjs')).href)
const outcomes = await edge.runVectors(vectors)
const app = edge.createApp(await edge.receiverFromEnv(env), edge.memoryStore().store)
const answers = await edge.sendRequests(requests, (request) => app.fetch(request), 'https://receiver.example')
writeFileSync(output, JSON.stringify({ runtime: `Node.js ${process.versions.node} (edge-light)`, outcomes, answers }))
