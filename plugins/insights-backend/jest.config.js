// Jest with SWC, as `backstage-cli package test` runs it, without the CLI's
// 800 MB of build tooling.
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  testTimeout: 60000,
};
