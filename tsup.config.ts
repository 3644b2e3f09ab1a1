import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    delivery: 'src/delivery/index.ts',
    instruments: 'src/instruments/index.ts',
    signature: 'src/signature/index.ts',
    testing: 'src/testing/index.ts',
    cli: 'src/cli.ts',
  },
  format: ['cjs', 'esm'],
  dts: true,
  clean: true,
  target: 'node20',
  // The subpaths import the core through the package's own name, so every entry shares one loaded core.
  external: ['io-ts', 'fp-ts', 'qitech-installment-webhooks'],
})
