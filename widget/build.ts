import { build, transform, type Metafile, type Plugin } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds the embeddable widget: `dist/widget/ugly-mugs-report.js` plus lazy chunks (phone number
 * reading, other languages) that load only when needed. ES modules with code splitting, so the
 * page includes it with `<script type="module">`. No eval, no inline styles, no runtime fetch of
 * anything but the chunks beside it and the relay.
 */

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

/** The entry file name schemes put in their script tag. */
export const WIDGET_ENTRY = 'ugly-mugs-report.js';

/** Result of a widget build. */
export interface WidgetBuild {
  outdir: string;
  /** Files that load before the form can render (the entry and its static imports). */
  firstLoad: string[];
  /** Gzipped size in bytes of firstLoad, summed. */
  firstLoadGzip: number;
  metafile: Metafile;
}

/** Builds the widget into `outdir` (default dist/widget) and measures what loads first. */
export async function buildWidget(outdir = join(root, 'dist', 'widget')): Promise<WidgetBuild> {
  // Chunk names carry a hash: without emptying the folder, every build's old chunks stay in it,
  // and a scheme copying the folder to its site would publish them all.
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { 'ugly-mugs-report': join(here, 'ugly-mugs-report.tsx') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome100', 'firefox102', 'safari16'],
    minify: true,
    sourcemap: false,
    legalComments: 'external',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
    define: { 'import.meta.env': 'undefined' },
    plugins: [minifiedFormCss],
  });

  const firstLoad = firstLoadFiles(result.metafile, outdir);
  const firstLoadGzip = firstLoad
    .map((file) => gzipSync(readFileSync(file), { level: 9 }).length)
    .reduce((a, b) => a + b, 0);
  return { outdir, firstLoad, firstLoadGzip, metafile: result.metafile };
}

/**
 * The form's stylesheet is a readable template string in shared/report-form/styles.ts (one
 * source for the widget and the extension page); the widget ships it minified by esbuild's CSS
 * minifier, which saves about a tenth of the first-load budget.
 */
const minifiedFormCss: Plugin = {
  name: 'minified-form-css',
  setup(builder) {
    builder.onLoad({ filter: /report-form[\\/]styles\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const css = /`([\s\S]*)`/.exec(source)?.[1];
      if (css === undefined || css.includes('${')) {
        throw new Error('styles.ts must hold one plain template string of CSS.');
      }
      const { code } = await transform(css, { loader: 'css', minify: true });
      return {
        contents: `export const REPORT_FORM_CSS = ${JSON.stringify(code.trim())};`,
        loader: 'ts',
      };
    });
  },
};

/** The entry and every chunk it imports statically (what the browser fetches before running). */
function firstLoadFiles(metafile: Metafile, outdir: string): string[] {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((path) => path.endsWith(`/${WIDGET_ENTRY}`));
  if (!entry) throw new Error('Widget build produced no entry file: check widget/build.ts.');

  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const imported of outputs[current]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !seen.has(imported.path)) {
        seen.add(imported.path);
        queue.push(imported.path);
      }
    }
  }
  return [...seen].map((path) => resolve(root, path)).filter((p) => relative(outdir, p) !== '');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildWidget();
  const kb = (built.firstLoadGzip / 1024).toFixed(1);
  console.log(`widget built in ${relative(root, built.outdir)}: first load ${kb} KB gzipped`);
}
