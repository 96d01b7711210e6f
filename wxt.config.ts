import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The extension is built from entrypoints/. Host access is never requested at install: the worker
// grants it per site from the popup (optional_host_permissions), see docs/extension.md.
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  // The journey test and the start script build their own copy, configured for their network.
  outDir: process.env.UMN_OUT_DIR ?? '.output',
  // Explicit imports keep every file readable on its own.
  imports: false,
  vite: () => ({
    plugins: [preact()],
    // The popup's index worker (entrypoints/popup/index-worker.ts) is a module worker, so its
    // shared chunks are ES modules like the pages' own.
    worker: { format: 'es' },
  }),
  // The Firefox sources ZIP is uploaded for review: never let a relay database, network keys,
  // test screenshots or build output from this working tree ride along.
  zip: {
    excludeSources: [
      'data/**',
      '**/*.key',
      '**/*.sqlite*',
      'test-results/**',
      'bench-results/**',
      'dist/**',
      '.env',
    ],
  },
  manifest: ({ browser }) => ({
    name: 'Ugly Mugs Network',
    description:
      'Check clients against alerts from your local Ugly Mugs scheme. Private by design.',
    permissions: ['storage', 'alarms', 'contextMenus', 'notifications', 'scripting', 'activeTab'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    // The toolbar's title until the service worker applies the worker's look
    // (background/toolbar-look.ts): discreet, the default, so the neutral name. Without it the
    // browser shows the extension's name. (The popup's <title> is left empty for its own reason.)
    action: { default_title: 'Notes' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'network@uglymugs.example.org' } } }
      : {}),
  }),
});
