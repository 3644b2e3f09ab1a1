// `npm run test:package`: the tests of the packed tarball and of the built files' size, run after the build.
const base = require('./jest.config.js')

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/package/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
}
