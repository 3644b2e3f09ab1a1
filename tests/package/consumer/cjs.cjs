// A CommonJS app: `node cjs.cjs <payload.json>` in the scratch project prints what it saw as one JSON line.
const { readFileSync } = require('node:fs')
const { sep } = require('node:path')
const t = require('io-ts')
const { InstallmentWebhook, decodeInstallmentWebhook } = require('qitech-installment-webhooks')

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
  }),
)
