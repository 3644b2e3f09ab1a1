// Mutation pass over the signature check, scored against its tests and the test helpers that sign deliveries
// (see stryker.config.mjs).
import { mutationPass } from './stryker.config.mjs'

export default mutationPass(['src/signature/**/*.ts'], ['tests/signature/**/*.test.ts', 'tests/testing/**/*.test.ts'])
