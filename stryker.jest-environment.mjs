// The test environment of the mutation passes (see stryker.config.mjs). Under a mutant, the first failing test kills
// it, so the tests after it are skipped, in its file and in the files after it: jest alone would run them all, and
// a mutant that the enumerated property tests kill at once would still pay for every one of them. Without a mutant
// (the initial run, which measures each test's coverage) every test runs.
import { TestEnvironment } from 'jest-environment-node'

let killedMutant

export default class FailFastEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    const mutant = process.env.__STRYKER_ACTIVE_MUTANT__
    if (mutant === undefined) return
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') killedMutant = mutant
    else if (event.name === 'test_start' && killedMutant === mutant) event.test.mode = 'skip'
  }
}
