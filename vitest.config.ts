import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Three layers (STYLE.md): unit tests of pure code and UI under happy-dom, relay tests against
// real SQLite and PostgreSQL, and end-to-end tests in Chromium with the built extension.
export default defineConfig({
  plugins: [preact()],
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'relay',
          include: ['tests/relay/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/postgres-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // One file at a time: each starts its own relay and Chromium and builds the extension.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Load, faults, hostile input and the at-rest scan (docs/security.md). Bounded by
        // default (it runs in `npm test`); UMN_RELIABILITY=full (`npm run test:reliability`)
        // runs the long form. One file at a time: each one loads the 2-core machine on its own.
        extends: true,
        test: {
          name: 'reliability',
          include: ['tests/reliability/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/postgres-global-setup.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 900_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
