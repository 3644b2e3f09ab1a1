// `npm run test:mutation`: StrykerJS mutation testing of the signature check and the core decode path. It takes
// minutes, so it stays out of `npm test`. StrykerJS 9 runs on Node 20 (version 10 needs Node 22).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.config.js' },
  coverageAnalysis: 'perTest',
  mutate: ['src/signature/**/*.ts', 'src/decode.ts', 'src/webhook.ts', 'src/envelope.ts', 'src/errors.ts'],
  concurrency: 2,
  reporters: ['clear-text', 'progress'],
  clearTextReporter: { reportTests: false, allowColor: false },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 85, break: null },
}
