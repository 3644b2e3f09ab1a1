import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli.ts',
    // The checker's worker thread, started by dist/cli.js from its own folder.
    'cli-worker': 'src/cli/worker.ts',
    signature: 'src/signature/index.ts',
    testing: 'src/testing/index.ts',
  },
  format: ['cjs', 'esm'],
  dts: true,
  clean: true,
  target: 'node20',
  // The subpaths import the core through the package's own name, so every entry shares one loaded core.
  external: ['io-ts', 'fp-ts', 'qitech-installment-webhooks'],
})
