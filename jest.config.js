/**
 * Unit tests and integration tests against a real Neo4j started by the global setup (unless NEO4J_URI is
 * set). Tests run in band: they share one database, each with its own ids. `npm test` (test/support/runTests.js)
 * runs them as two jest processes side by side, chosen by PAIRING_GRAPH_TEST_GROUP: `shared`, every suite but
 * those below, on the shared database; `own`, the suites below, which start a Neo4j (or a service) of their
 * own, never touch the shared one, and spend most of their time waiting for a JVM or a timeout. Unset: every suite.
 * @type {import('jest').Config}
 */
const OWN_NEO4J_SUITES = [
  'test/cooperation/anyPair.test.ts',
  'test/main/npmStart.test.ts',
  'test/main/startupTimeout.test.ts',
  'test/region/divisionLoad.test.ts',
  'test/roster/importInterrupted.test.ts',
  'test/security/neo4jFreeze.test.ts',
  'test/security/neo4jOutage.test.ts',
];
const group = process.env.PAIRING_GRAPH_TEST_GROUP;
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: group === 'own' ? OWN_NEO4J_SUITES.map((f) => `<rootDir>/${f}`) : ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', ...(group === 'shared' ? OWN_NEO4J_SUITES.map((f) => `<rootDir>/${escape(f)}$`) : [])],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  ...(group === 'own'
    ? {}
    : { globalSetup: '<rootDir>/test/support/globalSetup.ts', globalTeardown: '<rootDir>/test/support/globalTeardown.ts' }),

  testTimeout: 60000,
  maxWorkers: 1,
};
