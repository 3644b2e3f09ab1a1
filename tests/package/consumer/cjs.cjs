// A CommonJS app: `node cjs.cjs <payload.json>` in the scratch project prints what it saw as one JSON line.
const { readFileSync } = require('node:fs')
const { sep } = require('node:path')
const t = require('io-ts')
// Every module that requiring the package asks for, Node's own included (node:crypto is loaded by Node itself at
// start-up, so the cache alone would not tell), recorded by wrapping require.
const Module = require('node:module')
const requested = []
const originalRequire = Module.prototype.require
Module.prototype.require = function (id) {
  requested.push(id)
  return originalRequire.apply(this, arguments)
}
const { InstallmentWebhook, decodeInstallmentWebhook } = require('qitech-installment-webhooks')
Module.prototype.require = originalRequire
// Relative paths are files of the package or of io-ts and fp-ts, which packagesLoaded names.
const otherModulesRequested = requested.filter((id) => !id.startsWith('.') && !['qitech-installment-webhooks', 'io-ts', 'fp-ts'].includes(id.split('/')[0]))

const result = decodeInstallmentWebhook(readFileSync(process.argv[2]))
const loaded = Object.keys(require.cache)
const loadedFrom = (name) => loaded.filter((file) => file.includes(`${sep}node_modules${sep}${name}${sep}`))

process.stdout.write(
  JSON.stringify({
    tag: result._tag,
    status: result._tag === 'Right' ? result.right.data.status : result.left.code,
    entry: require.resolve('qitech-installment-webhooks'),
    usesTheAppsIoTs: InstallmentWebhook instanceof t.Type,
    ioTsLoaded: loadedFrom('io-ts').length > 0,
    joseLoaded: loadedFrom('jose').length > 0,
    // Every package a file was loaded from, by its folder under node_modules.
    packagesLoaded: [...new Set(loaded.flatMap((file) => /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file)?.[1] ?? []))].sort(),
    otherModulesRequested,
  }),
)
