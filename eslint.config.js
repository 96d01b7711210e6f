// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.output/',
      '.wxt/',
      'dist/',
      'data/',
      'bench-results/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Logging goes through the one prefixed logger (shared/logger.ts) or the relay's event log.
      'no-console': ['error', { allow: ['warn', 'error'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: [
      'scripts/**',
      'server/cli.ts',
      'server/main.ts',
      'bench/**',
      'tests/**',
      'widget/build.ts',
    ],
    rules: { 'no-console': 'off' },
  },
);
