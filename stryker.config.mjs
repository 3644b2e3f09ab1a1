// `npm run test:mutation`: StrykerJS mutation testing of the signature check and the core decode path. It takes
// minutes, so it stays out of `npm test`. StrykerJS 9 runs on Node 20 (version 10 needs Node 22).
// Each mutant runs the tests that cover it; the property tests run a tenth of their cases, so a run takes minutes,
// not hours. A mutant that survives here may still be killed by the full runs of `npm test`.
process.env.FC_RUNS_SCALE ??= '0.1'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.config.js' },
  coverageAnalysis: 'perTest',
  // The signature check, and the core decode path: raw body to JSON, the envelope, the variants' guards and codecs,
  // the error and its report.
  mutate: [
    'src/signature/**/*.ts',
    'src/decode.ts',
    'src/bytes.ts',
    'src/webhook.ts',
    'src/envelope.ts',
    'src/status-change.ts',
    'src/bank-slip-update.ts',
    'src/combinators.ts',
    'src/primitives.ts',
    'src/dates.ts',
    'src/enums.ts',
    'src/errors.ts',
    'src/error-brand.ts',
    'src/report.ts',
  ],
  concurrency: 2,
  reporters: ['clear-text', 'progress'],
  clearTextReporter: { reportTests: false, allowColor: false },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 85, break: null },
}
