// Module resolution hooks registered by record-loads.mjs.
import { appendFileSync } from 'node:fs'

export const resolve = async (specifier, context, nextResolve) => {
  const result = await nextResolve(specifier, context)
  appendFileSync(process.env.LOADS_FILE, `${result.url}\n`)
  return result
}
