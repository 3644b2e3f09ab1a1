// Loads every entry point that the installed package.json exports, through `require` and through `import`, and
// prints the names each exposes.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const pkg = require('qitech-installment-webhooks/package.json')
const entries = {}
for (const subpath of Object.keys(pkg.exports)) {
  if (subpath === './package.json') continue
  const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`
  entries[subpath] = {
    require: Object.keys(require(specifier)).sort(),
    import: Object.keys(await import(specifier)).sort(),
  }
}
process.stdout.write(JSON.stringify(entries))
