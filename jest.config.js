/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // The packaging tests (tests/package/) pack and install the package: `npm run test:package` runs them once.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/package/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
}
