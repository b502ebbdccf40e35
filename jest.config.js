/** @type {import('jest').Config} */
module.exports = {
  // The node environment, failing a file whose code gives a pg client overlapping queries.
  testEnvironment: '<rootDir>/test/support/test-environment.js',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.(ts|js|mjs)$': '<rootDir>/test/support/jest-transform.js' },
  // ES-module-only packages are compiled for Jest too.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|uid|file-type|strtok3|token-types|peek-readable|@tokenizer)/)',
  ],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
