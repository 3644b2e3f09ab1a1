// An app that loads both builds (an ESM service using a CommonJS library that also depends on this package).
import { createRequire } from 'node:module'
import * as esm from 'qitech-installment-webhooks'

const cjs = createRequire(import.meta.url)('qitech-installment-webhooks')
const fromCjs = cjs.decodeInstallmentWebhook('{').left
const fromEsm = esm.decodeInstallmentWebhook('{').left

process.stdout.write(
  JSON.stringify({
    twoClasses: cjs.InstallmentWebhookError !== esm.InstallmentWebhookError,
    esmRecognisesCjsError: esm.isInstallmentWebhookError(fromCjs),
    cjsRecognisesEsmError: cjs.isInstallmentWebhookError(fromEsm),
    instanceofAcrossBuilds: fromCjs instanceof esm.InstallmentWebhookError,
    code: fromCjs.code,
  }),
)
