// Every esbuild step of the runtime suite, in one process (esbuild's JS API does not run inside Jest), against the
// package installed in the scratch project: `node build.mjs <scratch>`. It prints a JSON report: for each of the
// workerd, browser and edge-light conditions, the errors of bundling every entry point the package exports together
// and the modules the bundle leaves to the runtime; then whether each runtime's bundle was built.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as esbuild from 'esbuild'

const scratch = process.argv[2]
const targets = {
  // The conditions wrangler bundles a Worker with, and those Next.js and Vercel bundle Edge code with (a package
  // without an `edge-light` entry, such as jose, resolves there through `worker` or `browser`); none may reach a
  // Node.js built-in module.
  workerd: { platform: 'neutral', mainFields: ['module', 'main'], conditions: ['workerd', 'worker', 'browser'] },
  browser: { platform: 'browser', conditions: [] },
  'edge-light': { platform: 'neutral', mainFields: ['module', 'main'], conditions: ['edge-light', 'worker', 'browser'] },
}
const name = 'qitech-installment-webhooks'
const { exports } = JSON.parse(readFileSync(join(scratch, 'node_modules', name, 'package.json'), 'utf8'))
const everyEntry = Object.keys(exports)
  .filter((subpath) => subpath !== './package.json')
  .map((subpath, index) => `export * as entry${index} from '${name}${subpath.slice(1)}'`)
  .join('\n')

const bundle = async (target, entry, outfile) => {
  try {
    const result = await esbuild.build({
      ...targets[target],
      ...entry,
      absWorkingDir: scratch,
      bundle: true,
      format: 'esm',
      outfile: outfile === undefined ? 'unused.mjs' : join(scratch, outfile),
      write: outfile !== undefined,
      metafile: true,
      logLevel: 'silent',
    })
    const external = Object.values(result.metafile.outputs).flatMap((out) => out.imports.filter((i) => i.external).map((i) => i.path))
    return { errors: [], external }
  } catch (error) {
    const where = (e) => (e.location === null || e.location === undefined ? '' : ` in ${e.location.file}`)
    return { errors: (error.errors ?? [{ text: String(error) }]).map((e) => `${e.text}${where(e)}`), external: [] }
  }
}
const stdin = (contents) => ({ stdin: { contents, resolveDir: scratch, loader: 'ts' } })

// The vector runner as plain JavaScript, its imports left for each runtime to resolve.
await esbuild.build({ entryPoints: [join(scratch, 'conformance.ts')], outfile: join(scratch, 'conformance.mjs'), format: 'esm', logLevel: 'silent' })
const report = {
  bundles: Object.fromEntries(await Promise.all(Object.keys(targets).map(async (target) => [target, await bundle(target, stdin(everyEntry))]))),
  workerd: {
    conformance: await bundle('workerd', { entryPoints: [join(scratch, 'worker.ts')] }, 'workerd-conformance.mjs'),
    recipe: await bundle('workerd', { entryPoints: [join(scratch, 'cloudflare-worker.ts')] }, 'workerd-recipe.mjs'),
    // examples/hono.ts as a Worker: the app made on an isolate's first request, from the bindings that come with it.
    hono: await bundle(
      'workerd',
      stdin(`import { createApp } from './hono.ts'
import { receiverFromEnv } from './fetch-handler.ts'
import { memoryStore } from './store.ts'
let app
export default {
  async fetch(request, env) {
    app ??= receiverFromEnv(env).then((receiver) => createApp(receiver, memoryStore().store))
    return (await app).fetch(request)
  },
}`),
      'workerd-hono.mjs',
    ),
  },
  'edge-light': await bundle(
    'edge-light',
    stdin("export { runVectors, sendRequests } from './conformance.ts'\nexport { createApp } from './hono.ts'\nexport { receiverFromEnv } from './fetch-handler.ts'\nexport { memoryStore } from './store.ts'"),
    'edge-light.mjs',
  ),
}
process.stdout.write(JSON.stringify(report))
