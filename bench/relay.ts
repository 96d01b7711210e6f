import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { BenchRow } from './bench-row.js';
import { toBase64Url } from '../shared/encoding/bytes.js';
import { openStore } from '../server/store/open-store.js';
import {
  createTestNetwork,
  publishDirectory,
  sampleAlert,
  signedFetch,
  type TestNetwork,
} from '../tests/support/relay-network.js';
import { spawnRelay, type RelayProcess } from '../tests/support/relay-process.js';

/**
 * The relay's figures on loopback (127.0.0.1), each beside a baseline measured in the same run:
 * - sealed-report submissions/s, with every check on (body limit, JSON, envelope shape with
 *   exact base64, directory lookup, keyed-hash rate limit, idempotent insert), against a bare
 *   node:http server that reads the body and answers 201 without looking at it: the ceiling of
 *   the HTTP stack on this machine;
 * - alert feed reads/s (100 alerts per page) against the bare server sending the same bytes;
 * - memory (RSS) of the relay process with 1,000 open SSE streams and with 1,000 WebSockets,
 *   against the same process idle.
 *
 * The relay runs as its own process (server/main.ts, configured by environment) so it has its
 * own core; the load generator runs here on the other. Reports have the real shape and size
 * (smallest bucket: 1,040-byte box) with random ciphertext: sealing is the reporter's cost.
 */

const SUBMISSIONS = { SQLite: 20_000, PostgreSQL: 8_000 } as const;
const FEED_READS = 2_000;
const CONCURRENCY = 64;
const STREAMS = 1_000;
const LOAD_LIMITS = {
  RELAY_REPORTS_PER_MINUTE: '1000000000',
  RELAY_READS_PER_MINUTE: '1000000000',
};

/** Fires `count` requests with `concurrency` in flight over keep-alive; returns requests/s. */
export async function hammer(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  bodyOf: ((i: number) => string) | null,
  count: number,
  concurrency = CONCURRENCY,
): Promise<{ perSecond: number; statuses: Map<number, number> }> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Map<number, number>();
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const body = bodyOf?.(i);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          headers: body
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
            : {},
        },
        (res) => {
          statuses.set(res.statusCode!, (statuses.get(res.statusCode!) ?? 0) + 1);
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const worker = async () => {
    while (next < count) await one(next++);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: count / seconds, statuses };
}

/** Report envelopes of the real shape with random ciphertext (see the module comment). */
function reportBodies(scheme: string, count: number): string[] {
  return Array.from({ length: count }, () =>
    JSON.stringify({
      v: 1,
      scheme,
      id: toBase64Url(randomBytes(16)),
      epk: toBase64Url(randomBytes(32)),
      nonce: toBase64Url(randomBytes(24)),
      box: toBase64Url(randomBytes(1024 + 16)),
    }),
  );
}

/** A bare node:http server in its own process: reads the body, answers with fixed bytes. */
async function startBareServer(answer: string, status: number) {
  const dir = mkdtempSync(join(tmpdir(), 'umn-bare-'));
  writeFileSync(join(dir, 'answer.json'), answer);
  const code = `
    const http = require('node:http');
    const answer = require('node:fs').readFileSync(process.env.ANSWER_FILE);
    const server = http.createServer((req, res) => {
      req.on('data', () => {});
      req.on('end', () => {
        res.writeHead(${status}, { 'content-type': 'application/json', 'content-length': answer.length });
        res.end(answer);
      });
    });
    server.keepAliveTimeout = 5000;
    server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
  `;
  const child = spawn(process.execPath, ['-e', code], {
    env: { PATH: process.env.PATH ?? '', ANSWER_FILE: join(dir, 'answer.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const port = await new Promise<number>((resolve) =>
    child.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(String(chunk)).port)),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          process.off('exit', orphanGuard);
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** CPU time (user + system) a process has used so far, in ms (/proc, clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function openStreams(relay: RelayProcess, count: number, kind: 'sse' | 'ws') {
  const { default: WebSocket } = await import('ws');
  const closers: (() => void)[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const url = new URL(relay.url);
  for (let i = 0; i < count; i++) {
    if (kind === 'ws') {
      const ws = new WebSocket(`ws://${url.host}/v1/alerts/socket`);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      closers.push(() => ws.terminate());
    } else {
      await new Promise<void>((resolve, reject) => {
        const req = request(
          { host: url.hostname, port: url.port, path: '/v1/alerts/stream', agent },
          (res) => {
            res.on('data', () => {});
            closers.push(() => req.destroy());
            resolve();
          },
        );
        req.on('error', reject);
        req.end();
      });
    }
  }
  return () => {
    for (const close of closers) close();
    agent.destroy();
  };
}

/** RSS of a fresh relay process idle, then with STREAMS live clients of one kind. */
async function benchMemory(target: Target, network: TestNetwork, rows: BenchRow[]): Promise<void> {
  phase('memory');
  for (const kind of ['sse', 'ws'] as const) {
    const relay = await spawnRelay({
      ...target.env,
      ...LOAD_LIMITS,
      RELAY_ROOT_PUBLIC_KEY: toBase64Url(network.root.publicKey),
      RELAY_LOG_LEVEL: 'warn',
    });
    try {
      const pid = relay.child.pid!;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const idle = rssMb(pid);
      const close = await openStreams(relay, STREAMS, kind);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const open = rssMb(pid);
      close();
      const label = kind === 'sse' ? 'SSE streams' : 'WebSockets';
      rows.push({
        metric: `relay: memory with ${STREAMS.toLocaleString('en-GB')} open ${label}`,
        ours: open,
        baseline: idle,
        unit: 'MB RSS',
        method:
          `RSS (/proc) of a fresh relay process 1 s after opening ${STREAMS} live ` +
          `${kind.toUpperCase()} clients (${(((open - idle) * 1024) / STREAMS).toFixed(0)} KB ` +
          'each); baseline: the same process idle just before',
      });
    } finally {
      await relay.stop();
    }
  }
}

interface Target {
  name: 'SQLite' | 'PostgreSQL';
  env: Record<string, string>;
  drop: () => Promise<void>;
  storeLocation: { sqlitePath?: string; databaseUrl?: string };
}

async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'umn-bench-'));
  const sqlitePath = join(dir, 'relay.sqlite');
  return {
    name: 'SQLite',
    env: { RELAY_SQLITE_PATH: sqlitePath },
    storeLocation: { sqlitePath },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresTarget(): Promise<Target | null> {
  const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  const name = `umn_bench_${process.pid}_${Date.now().toString(36)}`;
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } catch {
    await admin.end({ timeout: 1 });
    return null;
  }
  await admin.end({ timeout: 1 });
  const url = new URL(adminUrl);
  url.pathname = '/' + name;
  return {
    name: 'PostgreSQL',
    env: { DATABASE_URL: url.toString() },
    storeLocation: { databaseUrl: url.toString() },
    drop: async () => {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await sql.end({ timeout: 1 });
    },
  };
}

function phase(name: string): void {
  console.error(`bench relay: ${name} at ${new Date().toISOString().slice(11, 19)}`);
}

async function benchTarget(target: Target, network: TestNetwork, rows: BenchRow[]): Promise<void> {
  phase(`${target.name} start`);
  const store = await openStore(target.storeLocation);
  await publishDirectory(network, store);
  await store.close();
  const relay = await spawnRelay({
    ...target.env,
    ...LOAD_LIMITS,
    RELAY_ROOT_PUBLIC_KEY: toBase64Url(network.root.publicKey),
    RELAY_LOG_LEVEL: 'warn',
  });
  try {
    const warm = reportBodies('north', 2_000);
    await hammer(relay.url, 'POST', '/v1/reports', (i) => warm[i]!, warm.length);
    const count = SUBMISSIONS[target.name];
    const bodies = reportBodies('north', count);
    const relayCpu = cpuMs(relay.child.pid!);
    const submit = await hammer(relay.url, 'POST', '/v1/reports', (i) => bodies[i]!, count);
    const relayCpuPer = ((cpuMs(relay.child.pid!) - relayCpu) * 1000) / count;
    if (submit.statuses.get(201) !== count) {
      throw new Error(`relay bench: not every submission was stored (${[...submit.statuses]})`);
    }
    const bare = await startBareServer(
      JSON.stringify({ id: 'x'.repeat(22), receivedAt: Date.now() }),
      201,
    );
    const bareCpu = cpuMs(bare.pid);
    const bareSubmit = await hammer(bare.url, 'POST', '/v1/reports', (i) => bodies[i]!, count);
    const bareCpuPer = ((cpuMs(bare.pid) - bareCpu) * 1000) / count;
    await bare.stop();
    rows.push({
      metric: `relay ${target.name}: submissions one core sustains (from CPU time)`,
      ours: 1e6 / relayCpuPer,
      baseline: 1e6 / bareCpuPer,
      unit: 'requests/s',
      method:
        `1 s ÷ the relay process's CPU time (user + system, /proc) per submission over the run ` +
        `below (${relayCpuPer.toFixed(0)} µs; bare node:http ${bareCpuPer.toFixed(0)} µs): the ` +
        'rate one core sustains, independent of other load on the machine',
    });
    rows.push({
      metric: `relay ${target.name}: sealed-report submissions`,
      ours: submit.perSecond,
      baseline: bareSubmit.perSecond,
      unit: 'requests/s',
      method:
        `${count} POST /v1/reports (1 KiB bucket), ${CONCURRENCY} keep-alive connections on ` +
        'loopback, every check on, each answered 201 and stored; baseline: bare node:http ' +
        'reading the same bodies and answering 201 unchecked',
    });

    phase(`${target.name} feed`);
    for (let i = 0; i < 100; i++) {
      const response = await signedFetch(
        relay.url,
        network,
        'north',
        'POST',
        '/v1/alerts',
        sampleAlert(network, 'north'),
      );
      if (response.status !== 201) throw new Error('relay bench: alert publish failed');
    }
    const page = await (await fetch(`${relay.url}/v1/alerts?after=0&limit=100`)).text();
    const feed = await hammer(relay.url, 'GET', '/v1/alerts?after=0&limit=100', null, FEED_READS);
    const bareFeed = await startBareServer(page, 200);
    const bareReads = await hammer(bareFeed.url, 'GET', '/v1/alerts', null, FEED_READS);
    await bareFeed.stop();
    rows.push({
      metric: `relay ${target.name}: alert feed reads (100 alerts a page)`,
      ours: feed.perSecond,
      baseline: bareReads.perSecond,
      unit: 'requests/s',
      method:
        `${FEED_READS} GET /v1/alerts?after=0&limit=100 (${Math.round(page.length / 1024)} KiB), ` +
        `${CONCURRENCY} keep-alive connections; baseline: bare node:http sending the same bytes`,
    });

    if (target.name === 'SQLite') await benchMemory(target, network, rows);
  } finally {
    await relay.stop();
  }
}

/** Measures the relay on SQLite and (when reachable) PostgreSQL. */
export async function benchRelay(): Promise<BenchRow[]> {
  const network = createTestNetwork(['north']);
  const rows: BenchRow[] = [];
  for (const make of [sqliteTarget, postgresTarget]) {
    const target = await make();
    if (!target) continue;
    try {
      await benchTarget(target, network, rows);
    } finally {
      await target.drop();
    }
  }
  return rows;
}
