/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // The packaging tests (tests/package/) pack and install the package: `npm run test:package` runs them once.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/package/'],
  // The package's own name, as the examples and the signature subpath import it, maps to the sources.
  moduleNameMapper: {
    '^qitech-installment-webhooks$': '<rootDir>/src/index.ts',
    '^qitech-installment-webhooks/(delivery|instruments|signature|testing)$': '<rootDir>/src/$1/index.ts',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
}
