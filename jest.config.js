/**
 * One jest run: unit tests and integration tests against a real Neo4j started by the global setup
 * (unless NEO4J_URI is set). Tests run in band: they share one database, each with its own ids.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  
  testTimeout: 60000,
  maxWorkers: 1,
};
