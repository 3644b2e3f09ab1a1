// `node --import ./record-loads.mjs app.mjs` appends the URL of every module the app resolves to $LOADS_FILE.
import { register } from 'node:module'

register('./record-loads-hooks.mjs', import.meta.url)
