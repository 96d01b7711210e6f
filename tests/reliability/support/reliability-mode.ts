import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Bounded or full: `npm test` runs the bounded suite (CI keeps it under ~6 minutes), and
 * `npm run test:reliability` sets UMN_RELIABILITY=full for the long form of issue 9.
 */
export const FULL = process.env.UMN_RELIABILITY === 'full';

/** The bounded figure, or the full one under UMN_RELIABILITY=full. */
export function sized<T>(bounded: T, full: T): T {
  return FULL ? full : bounded;
}

const RESULTS = resolve(import.meta.dirname, '..', '..', '..', 'test-results', 'reliability');

/**
 * Records a test's measured figures in test-results/reliability/figures.json (one key per
 * test, tagged bounded or full) and prints them, so docs/security.md can quote a run.
 */
export function recordFigures(name: string, figures: Record<string, number | string>): void {
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, 'figures.json');
  const all = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
    : {};
  all[`${name} (${FULL ? 'full' : 'bounded'})`] = { ...figures, at: new Date().toISOString() };
  writeFileSync(file, JSON.stringify(all, null, 2));
  console.log(`reliability figures, ${name}:`, JSON.stringify(figures));
}

/** The p-th percentile (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}
