import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget, type WidgetBuild } from '../../../widget/build.js';

/**
 * The widget's budget (issue 6): at most 25 KB gzipped for what loads before the form can
 * render, measured on a real production build. Crypto, the relay client and phone parsing must
 * stay in lazy chunks.
 */
const BUDGET_BYTES = 25 * 1024;

let work: string;
let built: WidgetBuild;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'umn-widget-size-'));
  built = await buildWidget(join(work, 'widget'));
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('widget build', () => {
  it(`loads at most ${BUDGET_BYTES / 1024} KB gzipped before the first render`, () => {
    expect(built.firstLoad.length).toBeGreaterThan(0);
    expect(built.firstLoadGzip).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('keeps tweetnacl, ky and libphonenumber out of the first load', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const firstInputs = built.firstLoad.flatMap((file) =>
      Object.keys(built.metafile.outputs[relative(root, file)]?.inputs ?? {}),
    );
    expect(firstInputs.length).toBeGreaterThan(0);
    for (const heavy of ['tweetnacl', 'node_modules/ky', 'libphonenumber-js']) {
      expect(firstInputs.filter((input) => input.includes(heavy))).toEqual([]);
    }
  });

  it('uses neither eval nor new Function (works under a CSP without unsafe-eval)', () => {
    const files = readdirSync(built.outdir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
      .map((entry) => join(entry.parentPath, entry.name));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/\beval\(|new Function\(/);
    }
  });
});
