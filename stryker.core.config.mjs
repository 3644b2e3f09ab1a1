// Mutation pass over the core decode path, scored against the core's own tests (see stryker.config.mjs).
import { coreSources, mutationPass } from './stryker.config.mjs'

export default mutationPass(coreSources, [
  ...coreSources.map((source) => source.replace(/^src\/(.*)\.ts$/, 'tests/$1.test.ts')),
  'tests/properties.test.ts',
  'tests/hostile-input.test.ts',
])
