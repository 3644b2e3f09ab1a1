import { fileURLToPath } from 'node:url'

// StrykerJS mutation testing, shared by `npm run test:mutation`, which runs two passes: stryker.signature.config.mjs
// (the signature check) and stryker.core.config.mjs (the core decode path). It takes minutes, so it stays out of
// `npm test`. StrykerJS 9 runs on Node 20 (version 10 needs Node 22).
// Each mutant runs the tests of its pass that cover it, until the first that fails (stryker.jest-environment.mjs).
// A mutant that survives runs them all, so the property tests run a fiftieth of their random cases (the enumerated
// ones all run) and the hostile-input tests a tenth of their widest inputs. A mutant that survives here may still be
// killed by the full runs of `npm test`.
process.env.FC_RUNS_SCALE ??= '0.02'

/**
 * The options of one pass.
 * @param {string[]} mutate the source files whose mutants this pass scores
 * @param {string[]} tests the test files, as jest `testMatch` globs, that must kill them
 * @returns {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export const mutationPass = (mutate, tests) => ({
  testRunner: 'jest',
  // Each pass runs the tests written for its sources. The whole suite would also reach them through the subprocess,
  // packaging and example tests, which cannot kill a mutant (they run dist/ or a child process) and would be rerun
  // for every mutant: hours instead of minutes.
  jest: {
    configFile: 'jest.config.js',
    config: {
      testMatch: tests.map((glob) => `<rootDir>/${glob}`),
      testEnvironment: fileURLToPath(new URL('./stryker.jest-environment.mjs', import.meta.url)),
    },
  },
  coverageAnalysis: 'perTest',
  // A mutant that loops forever is killed after the time its tests took unmutated plus this: StrykerJS's default of
  // 5 s, paid by every such mutant, would add minutes to a pass.
  timeoutMS: 2500,
  mutate,
  concurrency: 2,
  reporters: ['clear-text', 'progress'],
  clearTextReporter: { reportTests: false, allowColor: false },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 85, break: 85 },
})

/** The core decode path: raw body to JSON, the envelope, the variants' guards and codecs, the error and its report. */
export const coreSources = [
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
  'src/either.ts',
  'src/report.ts',
]

/** Both passes' sources at once, for a bare `npx stryker run`; `npm run test:mutation` runs two faster passes. */
export default mutationPass(['src/signature/**/*.ts', ...coreSources], ['tests/**/*.test.ts'])
