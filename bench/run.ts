import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRow } from './bench-row.js';

/**
 * `npm run bench`: every figure the project claims, each beside the baseline a user would
 * otherwise have, measured in one run on this machine. Runs each area's bench module in turn
 * (never in parallel: they would steal each other's cores), prints one table and writes it as
 * JSON under bench-results/ (not committed).
 *
 * A module that is missing, throws or runs past its time budget becomes a "not measured: <why>"
 * line in the table; the other areas still run.
 *
 * Usage: `npm run bench` (everything) or `npm run bench -- relay live-stream` (those areas).
 */

interface BenchArea {
  /** File name under bench/ without extension, also the area's name in the table. */
  name: string;
  /** The exported function returning the area's rows. */
  exportName: string;
  /** Time budget (ms); the budgets add up to under 10 minutes, the limit on 2 cores. */
  budgetMs: number;
}

const AREAS: BenchArea[] = [
  { name: 'identifiers', exportName: 'benchIdentifiers', budgetMs: 120_000 },
  { name: 'protocol', exportName: 'benchProtocol', budgetMs: 90_000 },
  { name: 'relay', exportName: 'benchRelay', budgetMs: 150_000 },
  { name: 'live-stream', exportName: 'benchLiveStream', budgetMs: 60_000 },
  { name: 'widget', exportName: 'benchWidget', budgetMs: 75_000 },
  { name: 'extension', exportName: 'benchExtension', budgetMs: 100_000 },
];

/** One line of the printed table: a measured row, or an area that could not be measured. */
type TableLine = (BenchRow & { area: string }) | { area: string; notMeasured: string };

const here = import.meta.dirname;

const ROWS_MARK = 'UMN_BENCH_ROWS ';

/**
 * Runs one area in its own process (`tsx bench/run.ts --area <name>`) so a bench that blocks
 * its event loop can still be stopped at its budget, and whatever it leaves running (pools,
 * browsers, timers) dies with it. The child prints its rows as one marked JSON line.
 */
async function runArea(area: BenchArea): Promise<TableLine[]> {
  const file = join(here, `${area.name}.ts`);
  if (!existsSync(file)) return [{ area: area.name, notMeasured: `bench/${area.name}.ts missing` }];

  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'run.ts'), '--area', area.name],
    {
      cwd: resolve(here, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
      // Its own process group, so a budget kill also ends what it started (relays, browsers).
      detached: true,
    },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }, area.budgetMs);
  const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
  clearTimeout(timer);

  if (timedOut)
    return [{ area: area.name, notMeasured: `over its ${area.budgetMs / 1000} s budget` }];
  const line = out.split('\n').find((l) => l.startsWith(ROWS_MARK));
  if (!line) return [{ area: area.name, notMeasured: `it exited (${code}) without rows` }];
  return JSON.parse(line.slice(ROWS_MARK.length)) as TableLine[];
}

/** In the child: loads the area's module, runs it and prints its rows (or why not). */
async function runAreaHere(area: BenchArea): Promise<TableLine[]> {
  const file = join(here, `${area.name}.ts`);
  try {
    const loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const bench = loaded[area.exportName];
    if (typeof bench !== 'function') {
      return [
        { area: area.name, notMeasured: `bench/${area.name}.ts exports no ${area.exportName}` },
      ];
    }
    const rows = (await (bench as () => Promise<BenchRow[]>)()) ?? [];
    if (!Array.isArray(rows) || rows.length === 0) {
      return [{ area: area.name, notMeasured: 'it returned no rows' }];
    }
    return rows.map((row) => ({ area: area.name, ...row }));
  } catch (error) {
    // Only the first line of the message: bench errors name files and budgets, never user data.
    const why = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 160) : 'failed';
    return [{ area: area.name, notMeasured: why }];
  }
}

/** A figure with about three significant digits, without exponent noise. */
export function formatFigure(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-GB');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** ours ÷ baseline, or null without a usable baseline. */
export function ratioOf(row: BenchRow): number | null {
  // A baseline of zero or below (a module's "could not measure" sentinel) has no ratio.
  if (row.baseline === null || !Number.isFinite(row.baseline) || row.baseline <= 0) return null;
  return row.ours / row.baseline;
}

/** Renders the one table: metric, ours, baseline, ratio, unit, method. */
export function renderTable(lines: TableLine[]): string {
  const header = ['metric', 'ours', 'baseline', 'ratio', 'unit', 'method'];
  const cells = lines.map((line) =>
    'notMeasured' in line
      ? [line.area, '—', '—', '—', '', `not measured: ${line.notMeasured}`]
      : [
          line.metric,
          formatFigure(line.ours),
          formatFigure(line.baseline),
          ratioOf(line) === null ? '—' : `${formatFigure(ratioOf(line))}×`,
          line.unit,
          line.method,
        ],
  );
  const widths = header.map((h, i) =>
    i === header.length - 1 ? 0 : Math.max(h.length, ...cells.map((row) => row[i]!.length)),
  );
  const numeric = new Set([1, 2, 3]);
  const format = (row: string[]) =>
    row
      .map((cell, i) =>
        i === row.length - 1
          ? cell
          : numeric.has(i)
            ? cell.padStart(widths[i]!)
            : cell.padEnd(widths[i]!),
      )
      .join(' │ ');
  const rule = widths.map((w, i) => '─'.repeat(i === widths.length - 1 ? 6 : w)).join('─┼─');
  return [format(header), rule, ...cells.map(format)].join('\n');
}

async function main(): Promise<void> {
  const areaFlag = process.argv.indexOf('--area');
  if (areaFlag >= 0) {
    const area = AREAS.find((a) => a.name === process.argv[areaFlag + 1]);
    if (!area) throw new Error('bench: --area needs one of the area names');
    const lines = await runAreaHere(area);
    process.stdout.write(`\n${ROWS_MARK}${JSON.stringify(lines)}\n`);
    return;
  }
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = wanted.filter((name) => !AREAS.some((area) => area.name === name));
  if (unknown.length > 0) {
    console.error(
      `Unknown bench area: ${unknown.join(', ')}. Areas: ${AREAS.map((a) => a.name).join(', ')}`,
    );
    process.exit(2);
  }
  const areas = wanted.length > 0 ? AREAS.filter((area) => wanted.includes(area.name)) : AREAS;

  const startedAt = new Date();
  const lines: TableLine[] = [];
  const durations: Record<string, number> = {};
  for (const area of areas) {
    const started = performance.now();
    console.error(`bench: ${area.name} …`);
    lines.push(...(await runArea(area)));
    durations[area.name] = Math.round(performance.now() - started);
    console.error(`bench: ${area.name} done in ${(durations[area.name]! / 1000).toFixed(1)} s`);
  }
  const totalMs = Date.now() - startedAt.getTime();

  console.log(renderTable(lines));
  console.log(
    `\n${lines.filter((l) => !('notMeasured' in l)).length} figures, ` +
      `${lines.filter((l) => 'notMeasured' in l).length} areas not measured, ` +
      `${(totalMs / 1000).toFixed(0)} s on ${cpus().length} cores (ratio = ours ÷ baseline).`,
  );

  const dir = resolve(here, '..', 'bench-results');
  mkdirSync(dir, { recursive: true });
  const report = {
    startedAt: startedAt.toISOString(),
    totalMs,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryMb: Math.round(totalmem() / 2 ** 20),
      node: process.version,
      platform: process.platform,
    },
    durationsMs: durations,
    rows: lines.map((line) => ('notMeasured' in line ? line : { ...line, ratio: ratioOf(line) })),
  };
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const json = JSON.stringify(report, null, 2);
  writeFileSync(join(dir, `bench-${stamp}.json`), json);
  writeFileSync(join(dir, 'latest.json'), json);
  console.log(`Written to bench-results/bench-${stamp}.json (and bench-results/latest.json).`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(here, 'run.ts')) {
  // Bench modules may leave pools, browsers or timers behind; the run is over once written.
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`bench failed: ${error instanceof Error ? error.message : 'unknown error'}`);
      process.exit(1);
    },
  );
}
