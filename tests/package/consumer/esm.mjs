// An ES module app: `node esm.mjs <payload.json>` in the scratch project prints what it saw as one JSON line.
import { readFileSync } from 'node:fs'
import * as t from 'io-ts'
import { InstallmentWebhook, decodeInstallmentWebhook } from 'qitech-installment-webhooks'

const result = decodeInstallmentWebhook(readFileSync(process.argv[2]))

process.stdout.write(
  JSON.stringify({
    tag: result._tag,
    status: result._tag === 'Right' ? result.right.data.status : result.left.code,
    entry: import.meta.resolve('qitech-installment-webhooks'),
    usesTheAppsIoTs: InstallmentWebhook instanceof t.Type,
  }),
)
