import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist.staging-*/**',
      'dist.old-*/**',
      'packages/*/dist/**',
      'packages/*/dist.staging-*/**',
      'packages/*/dist.old-*/**',
      'node_modules/**',
      'coverage/**',
      'test/bench/.cache/**',
      '.rum-emulator/**',
    ],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Only browser/ touches the page's globals (and the telemetries in plugins/, which observe
    // the page by nature; cdn/ and lazy/, which load the client's scripts into it). Everything
    // else gets what it needs from browser/ or as a parameter, so it runs in tests and in doctor.
    files: [
      'src/boot/**/*.ts',
      'src/domain/**/*.ts',
      'src/transport/**/*.ts',
      'src/auth/**/*.ts',
      'src/tools/**/*.ts',
      'src/diagnostics/**/*.ts',
      'src/doctor.ts',
    ],
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'location',
          'localStorage',
          'sessionStorage',
          'history',
          'performance',
          'PerformanceObserver',
          'requestIdleCallback',
          'XMLHttpRequest',
          'fetch',
          'addEventListener',
          'removeEventListener',
          'crypto',
          'self',
        ].map((name) => ({
          name,
          message: `${name} is the page's: read it through src/browser/.`,
        })),
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
