import { findPhoneNumbersInText, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';
import { createAlertIndex } from '../shared/alert-index.js';
import type { AlertContent } from '../shared/domain/alert.js';
import type { Identifier } from '../shared/domain/codes.js';
import { findPhoneNumbers, readIdentifier } from '../shared/identifiers/index.js';
import { clearPhoneCaches } from '../shared/identifiers/phone-library.js';
import type { BenchRow } from './bench-row.js';
import { benchText, inCyrillic, seededRandom } from './identifiers-text.js';

/**
 * Identifier bench: our page scan against libphonenumber-js's own text search on the same
 * generated text, and the popup check (read what was typed, look it up) at 100,000 alerts
 * against the obvious baseline (parse with the library, scan every alert).
 */

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] as number;
}

const round = (value: number, places = 2) => Number(value.toFixed(places));

/** The library's own scan, at the leniency that accepts the drama range ("possible"). */
function libraryScan(text: string): string[] {
  return findPhoneNumbersInText(text, { defaultCountry: 'GB', extended: true }, metadata).map(
    (found) => found.number.number,
  );
}

function ourScan(text: string): string[] {
  return findPhoneNumbers(text).map((found) => found.e164);
}

/** How many planted numbers a scan found, and how many finds were not planted. */
function score(found: string[], planted: string[]): { hits: number; false: number } {
  const left = new Map<string, number>();
  for (const e164 of planted) left.set(e164, (left.get(e164) ?? 0) + 1);
  let hits = 0;
  for (const e164 of found) {
    const count = left.get(e164) ?? 0;
    if (count > 0) {
      hits++;
      left.set(e164, count - 1);
    }
  }
  return { hits, false: found.length - hits };
}

/**
 * Median of `runs` timed scans, each with cold memo caches, after one untimed warm-up run (its
 * time is kept as `firstMs`). Without the warm-up, the first runs' JIT compilation and
 * metadata set-up land in the median of a short series and swamp the scan itself. The page
 * scan runs in the extension's service worker (entrypoints/background/alert-lookup.ts), which
 * pays them once and stays up while pages are being scanned; the first-run row reports them.
 * `cpuMs` is the process's CPU time (user + system, JIT and GC threads included): on shared
 * cores, wall time also counts the time other processes held the core.
 */
function timeScan(scan: (text: string) => string[], text: string, runs: number) {
  clearPhoneCaches();
  let started = performance.now();
  let found = scan(text);
  const firstMs = performance.now() - started;

  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    clearPhoneCaches();
    const cpu = process.cpuUsage();
    started = performance.now();
    found = scan(text);
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  return { ms: median(times), cpuMs: median(cpuTimes), firstMs, found };
}

function scanRows(): BenchRow[] {
  const { text, planted, decoys } = benchText();
  const bytes = `${(text.length / 1e6).toFixed(1)} MB`;
  const about = `generated text (${bytes}, ${planted.length} drama-range numbers in 10 written forms, ${decoys} decoy digit runs: dates, times, prices, order/ref numbers, IPs, postcodes, hex ids, bare 10-digit ids)`;
  const ours = timeScan(ourScan, text, 5);
  const library = timeScan(libraryScan, text, 3);
  // What an extension without a pre-filter does: the library over each text node on its own
  // (the generated text's lines stand for the page's text nodes).
  const cyrillic = inCyrillic(text);
  const oursCyrillic = timeScan(ourScan, cyrillic, 5);
  const libraryCyrillic = timeScan(libraryScan, cyrillic, 3);
  const nodes = text.split('\n');
  const naive = timeScan(() => nodes.flatMap((node) => libraryScan(node)), text, 3);
  // As the extension reads a page: one call per text block.
  const oursPerNode = timeScan(() => nodes.flatMap((node) => ourScan(node)), text, 5);
  const ourScore = score(ours.found, planted);
  const libraryScore = score(library.found, planted);
  const baseline =
    'libphonenumber-js findPhoneNumbersInText, min metadata, defaultCountry GB, leniency POSSIBLE (extended)';

  const slices: string[] = [];
  for (let at = 0; at + 10_000 <= text.length && slices.length < 100; at += 17_000) {
    slices.push(text.slice(at, at + 10_000));
  }
  // Each input is timed five times and the fastest kept: the two cores are shared with other
  // work, and a scheduler pause is not the scan's cost.
  const fastestOf5 = (scan: (t: string) => string[], input: string) => {
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      clearPhoneCaches();
      const started = performance.now();
      scan(input);
      best = Math.min(best, performance.now() - started);
    }
    return best;
  };
  const sliceTimes = (scan: (t: string) => string[]) =>
    slices.map((slice) => fastestOf5(scan, slice));

  const hostile = [
    '1 '.repeat(5000),
    '07 '.repeat(3400),
    '0'.repeat(10_000),
    'o'.repeat(10_000),
    'oh '.repeat(3400),
    '+1'.repeat(5000),
    Array.from({ length: 10_000 }, (_, i) => '0123456789 -'[(i * 7919) % 12]).join(''),
    '£1'.repeat(5000),
    'ab12'.repeat(2500),
    '1 o'.repeat(3400),
    'x o o o o 1 '.repeat(830),
    '1,'.repeat(5000),
  ];
  const worst = (scan: (t: string) => string[]) =>
    Math.max(...hostile.map((input) => fastestOf5(scan, input)));

  return [
    {
      metric: 'page scan 2 MB: time',
      ours: round(ours.ms, 1),
      baseline: round(library.ms, 1),
      unit: 'ms',
      method: `${about}; median of 5 (ours) / 3 (library) cold-cache runs after one warm-up run each; baseline ${baseline}`,
    },
    {
      metric: 'page scan 2 MB: CPU time',
      ours: round(ours.cpuMs, 1),
      baseline: round(library.cpuMs, 1),
      unit: 'ms',
      method:
        'the runs of the row above, timed by process CPU time (user + system) instead of the clock: steadier when other work shares the cores',
    },
    {
      metric: 'page scan 2 MB: first run in the process',
      ours: round(ours.firstMs, 1),
      baseline: round(library.firstMs, 1),
      unit: 'ms',
      method:
        'the warm-up run of the row above: JIT compilation and metadata set-up included (ours runs first, so the library finds the metadata code shared with ours warm)',
    },
    {
      metric: 'page scan 2 MB in Cyrillic: time',
      ours: round(oursCyrillic.ms, 1),
      baseline: round(libraryCyrillic.ms, 1),
      unit: 'ms',
      method: `the same text with its lower-case letters in Cyrillic (found: ours ${oursCyrillic.found.length}, library ${libraryCyrillic.found.length}); median of 5 / 3 after a warm-up run`,
    },
    {
      metric: 'page scan 2 MB: time vs a naive per-text-node scan',
      ours: round(ours.ms, 1),
      baseline: round(naive.ms, 1),
      unit: 'ms',
      method: `same text split into its ${nodes.length} lines as text nodes; baseline ${baseline} called on each node (found ${naive.found.length}); median of 3 after a warm-up run`,
    },
    {
      metric: 'page scan 2 MB, one call per text node: time',
      ours: round(oursPerNode.ms, 1),
      baseline: round(naive.ms, 1),
      unit: 'ms',
      method: `the ${nodes.length} lines of the row above, each scanned on its own by both (as the extension scans a page block by block; ours found ${oursPerNode.found.length}); median of 5 / 3 after a warm-up run`,
    },
    {
      metric: 'page scan 2 MB: numbers found',
      ours: ours.found.length,
      baseline: library.found.length,
      unit: 'numbers',
      method: `same text; ${planted.length} planted`,
    },
    {
      metric: 'page scan 2 MB: planted numbers found',
      ours: ourScore.hits,
      baseline: libraryScore.hits,
      unit: 'numbers',
      method: `finds matching a planted number (multiset), of ${planted.length}`,
    },
    {
      metric: 'page scan 2 MB: false finds',
      ours: ourScore.false,
      baseline: libraryScore.false,
      unit: 'numbers',
      method: 'finds that were not planted (decoys read as phone numbers)',
    },
    {
      metric: 'page scan 10 KB: p99 time',
      ours: round(percentile(sliceTimes(ourScan), 99)),
      baseline: round(percentile(sliceTimes(libraryScan), 99)),
      unit: 'ms',
      method: `${slices.length} 10 KB slices of the same text, cold caches, fastest of 5 per slice; budget 5 ms`,
    },
    {
      metric: 'hostile 10 KB input: worst time',
      ours: round(worst(ourScan)),
      baseline: round(worst(libraryScan)),
      unit: 'ms',
      method: `${hostile.length} adversarial 10 KB inputs (spaced digits, 10k zeros, 10k "o", spelled words, "+1"×5000, random digits and separators, …), fastest of 5 each, worst input reported`,
    },
  ];
}

const BASE: Omit<AlertContent, 'id' | 'identifiers' | 'issuedAt'> = {
  v: 1,
  kind: 'alert',
  scheme: 'bench-scheme',
  revision: 1,
  expiresAt: 2_000_000_000,
  regions: ['london'],
  area: '',
  incidentDate: '',
  severity: 'high',
  incidentTypes: ['robbery'],
  setting: '',
  advice: [],
  description: '',
};

const LETTERS = 'ABCDEFGHJKLMNOPRSTUVWXY';

/** 100,000 alerts; only drama-range phones exist, so each of the 2,000 recurs (~50 alerts). */
function benchAlerts(count: number): AlertContent[] {
  const random = seededRandom(11);
  const letter = () => LETTERS[Math.floor(random() * LETTERS.length)] as string;
  const alerts: AlertContent[] = [];
  for (let i = 0; i < count; i++) {
    const tail = String(i % 1000).padStart(3, '0');
    const phone = i % 2 ? `+447700900${tail}` : `+442079460${tail}`;
    const identifiers: Identifier[] = [
      { kind: 'phone', value: phone },
      { kind: 'email', value: `client${i}@example.com` },
      {
        kind: 'plate',
        value: `${letter()}${letter()}${String(10 + (i % 90))}${letter()}${letter()}${letter()}`,
      },
    ];
    if (i % 500 === 0) identifiers.push({ kind: 'partial-phone', value: `*9${tail}` });
    alerts.push({ ...BASE, id: `alert-${i}`, issuedAt: 1_700_000_000 + i, identifiers });
  }
  return alerts;
}

function checkRows(): BenchRow[] {
  const alerts = benchAlerts(100_000);
  let started = performance.now();
  const index = createAlertIndex(alerts);
  const buildMs = performance.now() - started;

  const random = seededRandom(5);
  const queries: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const tail = String(Math.floor(random() * 1000)).padStart(3, '0');
    const forms = [
      `07700 900${tail}`,
      `+44 20 7946 0${tail}`,
      `0044 (0)7700-900-${tail}`,
      `client${Math.floor(random() * 100_000)}@example.com`,
      `client${Math.floor(random() * 100_000)} at example dot com`,
      `ends in 9${tail}`,
      `LX${10 + (i % 90)} FKE`,
      `07700 9001??`,
    ];
    queries.push(forms[i % forms.length] as string);
  }

  // As the popup calls it: the 100 newest matches (a vague partial can match thousands).
  // Each check is timed three times and the fastest kept (shared cores, as for the scan).
  const timeChecks = (limit?: number) =>
    queries.map((query) => {
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        const reading = readIdentifier(query);
        if (reading.ok) index.lookup(reading.identifier, limit);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    });
  timeChecks(100); // warm-up: JIT and the sorted value lists
  const ours = timeChecks(100);
  const unlimited = timeChecks();

  // Baseline: what a straightforward check would do, parse with the library and scan all.
  const baseline: number[] = [];
  // 50 phone checks, once each: a scan of 100,000 alerts takes long enough that scheduler
  // noise does not matter, and more would blow the bench's time budget.
  for (const query of queries.filter((q) => /^[\d+(]/.test(q)).slice(0, 50)) {
    started = performance.now();
    const e164 = parsePhoneNumberFromString(query, 'GB', metadata)?.number;
    alerts.filter((alert) => alert.identifiers.some((id) => id.value === e164));
    baseline.push(performance.now() - started);
  }

  const method = `${queries.length} checks mixing typed phones, emails (plain and "at … dot"), partials ("ends in …", "07700 9001??") and plates, each readIdentifier + lookup(limit 100), fastest of 3 per check, against ${alerts.length.toLocaleString('en')} alerts (each phone held by ~50 alerts); baseline: libphonenumber-js parse + linear scan of all alerts (50 phone checks)`;
  return [
    {
      metric: 'check at 100k alerts: p50',
      ours: round(percentile(ours, 50), 3),
      baseline: round(percentile(baseline, 50), 3),
      unit: 'ms',
      method,
    },
    {
      metric: 'check at 100k alerts: p99',
      ours: round(percentile(ours, 99), 3),
      baseline: round(percentile(baseline, 99), 3),
      unit: 'ms',
      method: `${method}; budget 16 ms`,
    },
    {
      metric: 'check at 100k alerts, no limit: p99',
      ours: round(percentile(unlimited, 99), 3),
      baseline: round(percentile(baseline, 99), 3),
      unit: 'ms',
      method: `${method.replace('lookup(limit 100)', 'lookup()')}; every match returned (partials over the drama range match up to ~5,000 alerts here)`,
    },
    {
      metric: 'alert index build, 100k alerts',
      ours: round(buildMs, 1),
      baseline: null,
      unit: 'ms',
      method: 'createAlertIndex over 100,000 alerts with 3–4 identifiers each',
    },
  ];
}

/** Runs the identifier bench (about 10 s on 2 cores) and returns its rows. */
export async function benchIdentifiers(): Promise<BenchRow[]> {
  return [...scanRows(), ...checkRows()];
}
