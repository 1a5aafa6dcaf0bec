/** @type {import('jest').Config} */
const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    {
      tsconfig: { module: 'commonjs', esModuleInterop: true, target: 'ES2020' },
      diagnostics: false,
    },
  ],
};
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/unit/setup.ts'],
      transform,
    },
    {
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/test/emulator/**/*.test.ts',
        '<rootDir>/test/e2e/**/*.test.ts',
        '<rootDir>/test/build/**/*.test.ts',
        '<rootDir>/test/cli/**/*.test.ts',
      ],
      transform,
    },
  ],
};
