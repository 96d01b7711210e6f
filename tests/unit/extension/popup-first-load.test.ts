import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The popup's first paint (issue #7: at most 100 ms with the service worker asleep) waits for
 * every module popup/main.tsx imports statically. The phone reader (libphonenumber-js and its
 * metadata, ~180 kB built), the alert store and the check index load after that paint; a static
 * import of any of them puts them back on its path. Read from esbuild's module graph of the
 * sources, which follows the same imports Vite splits on.
 */
const root = resolve(import.meta.dirname, '../../..');
const entry = 'entrypoints/popup/main.tsx';

let firstLoad: string[];

beforeAll(async () => {
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    splitting: true,
    outdir: 'popup-first-load',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'empty' },
    // Vite's own specifiers: the browser API wrapper, and worker or asset imports.
    external: ['wxt/*', '*?worker', '*?url'],
    logLevel: 'silent',
  });
  firstLoad = staticImports(metafile, entry);
}, 30_000);

/** Every module reached from `from` through static imports only (not `import()`). */
function staticImports(metafile: Metafile, from: string): string[] {
  const reached = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    for (const edge of metafile.inputs[queue.shift()!]?.imports ?? []) {
      if (edge.kind !== 'import-statement' || edge.external || reached.has(edge.path)) continue;
      reached.add(edge.path);
      queue.push(edge.path);
    }
  }
  return [...reached];
}

describe('popup first load', () => {
  it('reaches the popup and its check box', () => {
    expect(firstLoad).toContain('entrypoints/popup/popup-app.tsx');
    expect(firstLoad).toContain('entrypoints/popup/check-panel.tsx');
  });

  it.each([
    ['the phone functions', 'shared/identifiers/normalize-phone.ts'],
    ['the alert store', 'shared/alert-store.ts'],
    ["the service worker's modules", 'entrypoints/background/extension-context.ts'],
    ['the staff database', 'shared/staff/staff-db.ts'],
  ])('leaves out %s', (_, path) => {
    expect(firstLoad.filter((input) => input.includes(path))).toEqual([]);
  });

  it('leaves out the phone reader and the check index', () => {
    const heavy = firstLoad.filter(
      (input) => input.includes('libphonenumber-js') || input.includes('shared/alert-index'),
    );
    expect(heavy).toEqual([]);
  });
});
