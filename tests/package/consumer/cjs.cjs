// A CommonJS app: `node cjs.cjs <payload.json>` in the scratch project prints what it saw as one JSON line.
const { readFileSync } = require('node:fs')
const { sep } = require('node:path')
const t = require('io-ts')
// Node's own public modules that requiring the package loads (crypto, worker_threads, ...), told by Node's load list;
// its internal modules (those that resolve package.json's exports) are not the package's doing.
const before = new Set(process.moduleLoadList)
const { InstallmentWebhook, decodeInstallmentWebhook } = require('qitech-installment-webhooks')
const builtinsLoaded = process.moduleLoadList.filter(
  (name) => !before.has(name) && name.startsWith('NativeModule ') && !name.startsWith('NativeModule internal/'),
)

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
    builtinsLoaded,
  }),
)
