import type fc from 'fast-check'

/**
 * The seed every property test runs with, so a failure reproduces; fast-check prints it with the counterexample.
 * `FC_SEED=<n>` explores other inputs and `FC_RUNS_SCALE=<k>` runs k times as many cases, e.g.
 * `FC_SEED=7 FC_RUNS_SCALE=20 npx jest tests/properties.test.ts`.
 */
export const PROPERTY_SEED = process.env.FC_SEED === undefined ? 20261127 : Number(process.env.FC_SEED)
/** How many times the default number of cases each property runs; `FC_RUNS_SCALE` sets it (mutation testing runs fewer). */
export const RUNS_SCALE = process.env.FC_RUNS_SCALE === undefined ? 1 : Number(process.env.FC_RUNS_SCALE)

/**
 * Set while StrykerJS runs the tests against one of its mutants. A property that fails there stops at its first
 * counterexample instead of shrinking it: the run needs to know that a test fails, not the smallest input that does.
 */
const UNDER_MUTANT = process.env.__STRYKER_ACTIVE_MUTANT__ !== undefined

/**
 * The size of a wide or long hostile input: as given in `npm test`, a tenth of it under a mutant. A mutant that only
 * shows on a million-byte string or a hundred-thousand-item array would be a size limit, which the decoder has none
 * of; the smaller input keeps each of the core pass's 1,200 mutants from paying for the full size.
 */
export const hostileSize = (size: number): number => (UNDER_MUTANT ? Math.round(size / 10) : size)

/** fast-check parameters for one property: the fixed seed and a run count sized for a 2-core CI machine. */
export const propertySettings = <T>(numRuns: number): fc.Parameters<T> => ({
  seed: PROPERTY_SEED,
  numRuns: Math.max(1, Math.round(numRuns * RUNS_SCALE)),
  endOnFailure: UNDER_MUTANT,
})
