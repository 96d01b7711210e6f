import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../shared/protocol/signed-request.js';
import { ERROR_STATUS } from '../../server/errors.js';
import { startRelay, type RunningRelay } from '../../server/relay.js';
import { openStore } from '../../server/store/open-store.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { sqliteBackend } from '../support/relay-backends.js';
import {
  createTestNetwork,
  publishDirectory,
  sampleAlert,
  sampleReport,
  type TestNetwork,
} from '../support/relay-network.js';

/**
 * 10,000+ malformed requests against a relay on 127.0.0.1, from a seeded generator (the seed is
 * printed on failure, so a failing run can be replayed). Every request is invalid by
 * construction; each must get a 4xx with a known code and a message, nothing may be stored, and
 * the relay must still answer a valid request afterwards.
 */
const COUNT = 10_400;
const CONCURRENCY = 16;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const CODES = new Set(Object.keys(ERROR_STATUS));

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

type Random = ReturnType<typeof prng>;
interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const WEIRD_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  2,
  -1,
  1.5,
  1e308,
  '',
  'x',
  [],
  {},
  [1],
  { a: 1 },
];

function randomText(r: Random, length: number, alphabet = B64): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[r.int(alphabet.length)];
  return out;
}

/** Mutations that each make an envelope invalid on their own. */
function breakEnvelope(r: Random, envelope: Record<string, unknown>): Record<string, unknown> {
  const broken: Record<string, unknown> = { ...envelope };
  const keys = Object.keys(envelope);
  const mutations = [
    () => (broken.v = r.pick([0, 2, '1', null, [1], 1.5])),
    () => delete broken[r.pick(keys)],
    () => (broken[`x_${randomText(r, 4)}`] = r.pick(WEIRD_VALUES)),
    () => (broken[r.pick(keys.filter((k) => k !== 'v'))] = r.pick(WEIRD_VALUES)),
    () => (broken.nonce = String(broken.nonce) + 'A'.repeat(1 + r.int(3))),
    () => {
      const text = String(envelope.box);
      const at = r.int(text.length);
      broken.box =
        text.slice(0, at) + r.pick(['!', '=', ' ', '+', '/', '\u00e9']) + text.slice(at + 1);
    },
    () => (broken.box = String(envelope.box).slice(0, -4 * (1 + r.int(5)))),
    () => (broken.scheme = r.pick(['North', 'a'.repeat(41), '-north', 'north_', ''])),
    () => (broken.scheme = r.pick(['unknown-one', 'south-west', 'zz'])),
  ];
  const rounds = 1 + r.int(3);
  for (let i = 0; i < rounds; i++) r.pick(mutations)();
  return broken;
}

function generate(
  r: Random,
  network: TestNetwork,
  reports: Record<string, unknown>[],
): FuzzRequest {
  const json = { 'content-type': 'application/json' };
  switch (r.int(8)) {
    case 0:
    case 1: {
      const body = JSON.stringify(breakEnvelope(r, r.pick(reports)));
      return { kind: 'report-shape', method: 'POST', path: '/v1/reports', headers: json, body };
    }
    case 2: {
      const whole = JSON.stringify(r.pick(reports));
      const body = whole.slice(0, 1 + r.int(whole.length - 2));
      return { kind: 'truncated-json', method: 'POST', path: '/v1/reports', headers: json, body };
    }
    case 3: {
      const bytes = new Uint8Array(new ArrayBuffer(1 + r.int(2000))).map(() => r.int(256));
      const path = r.pick([
        '/v1/reports',
        '/v1/alerts',
        '/v1/invites',
        '/v1/replies',
        '/v1/schemes/north/journal',
      ]);
      return { kind: 'binary', method: 'POST', path, headers: {}, body: bytes };
    }
    case 4: {
      const depth = 1 + r.int(20_000);
      const body = '['.repeat(depth) + ']'.repeat(r.int(depth));
      return { kind: 'nesting', method: 'POST', path: '/v1/reports', headers: json, body };
    }
    case 5: {
      // A valid alert, signed, then one signature header broken (signing is slow in tweetnacl,
      // so a pool of signed requests is reused: each use breaks a header, none is ever valid).
      const signed = signedPool(network, r);
      const alert = signed.body;
      const headers: Record<string, string> = { ...signed.headers };
      const name = r.pick(Object.keys(headers));
      const value = r.pick([
        '',
        randomText(r, 1 + r.int(100)),
        String(Date.now() - 3_600_000 - r.int(1e9)),
        randomText(r, 86),
        'south',
      ]);
      if (value === '' || r.int(5) === 0) delete headers[name];
      else
        headers[name] =
          name === 'x-umn-scheme' && value !== 'south' ? `q${value}`.toLowerCase() : value;
      if (headers[name] === undefined && name !== 'x-umn-scheme') headers['x-umn-scheme'] = 'north';
      return {
        kind: 'signature',
        method: 'POST',
        path: '/v1/alerts',
        headers: { ...json, ...headers },
        body: alert,
      };
    }
    case 6: {
      const path = r.pick([
        `/v1/${randomText(r, 1 + r.int(12))}`,
        `/v1/alerts/${randomText(r, 1 + r.int(30))}`,
        `/v1/schemes/${randomText(r, 3).toUpperCase()}X/staff-vaults`,
        `/v1/schemes/${randomText(r, 3).toUpperCase()}X/journal`,
        `/v1/schemes/north/journal?after=${r.pick(['-1', 'x', ''])}&limit=${r.pick(['0', '501'])}`,
        `/v1/replies/${randomText(r, 5 + r.int(10))}`,
        `/v1/alerts?after=${r.pick(['-1', 'x', '1.5', '9'.repeat(20), ''])}&limit=${r.pick(['0', '501', 'all'])}`,
        `/v1/invites/${randomText(r, 10)}/redeem`,
      ]);
      const method = path.endsWith('/redeem')
        ? 'POST'
        : r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
      return { kind: 'path', method, path, headers: {} };
    }
    default: {
      const body = JSON.stringify(r.pick(WEIRD_VALUES));
      const path = r.pick([
        '/v1/reports',
        '/v1/alerts',
        '/v1/invites',
        '/v1/replies',
        '/v1/schemes/north/journal',
      ]);
      return { kind: 'wrong-type', method: 'POST', path, headers: json, body };
    }
  }
}

let pool: { body: string; headers: Record<string, string> }[] = [];
function signedPool(network: TestNetwork, r: Random) {
  if (pool.length < 30) {
    const body = JSON.stringify(sampleAlert(network, 'north'));
    const headers = signRequest(
      { method: 'POST', path: '/v1/alerts', body },
      'north',
      network.schemes.get('north')!.signing.secretKey,
    );
    pool.push({ body, headers });
  }
  return r.pick(pool);
}

describe('fuzzing the relay with malformed requests', () => {
  let network: TestNetwork;
  let store: RelayStore;
  let relay: RunningRelay;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await sqliteBackend.create();
    drop = created.drop;
    store = await openStore(created.location);
    network = createTestNetwork(['north', 'south']);
    await publishDirectory(network, store);
    relay = await startRelay({
      rootPublicKey: network.root.publicKey,
      store,
      rateRules: {
        report: { burst: 1e9, perMinute: 1e9 },
        redeem: { burst: 1e9, perMinute: 1e9 },
        read: { burst: 1e9, perMinute: 1e9 },
      },
    });
  });

  afterAll(async () => {
    await relay?.close();
    await store?.close();
    await drop?.();
    pool = [];
  });

  it(`answers ${COUNT} malformed requests with 4xx, stores nothing and keeps serving`, async () => {
    const r = prng(SEED);
    const reports = Array.from({ length: 20 }, () => ({ ...sampleReport(network, 'north') }));
    const before = await store.stats();
    const failures: string[] = [];
    const kinds = new Map<string, number>();
    let sent = 0;

    const worker = async () => {
      while (sent < COUNT) {
        sent++;
        const request = generate(r, network, reports);
        kinds.set(request.kind, (kinds.get(request.kind) ?? 0) + 1);
        const response = await fetch(relay.url + request.path, {
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(10_000),
        });
        const text = await response.text();
        let code: unknown;
        let message: unknown;
        try {
          ({ code, message } = JSON.parse(text).error ?? {});
        } catch {
          code = undefined;
        }
        const ok =
          response.status >= 400 &&
          response.status < 500 &&
          CODES.has(String(code)) &&
          typeof message === 'string' &&
          message.length > 10;
        if (!ok && failures.length < 10) {
          failures.push(
            `${request.kind} ${request.method} ${request.path} → ${response.status} ${text.slice(0, 120)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    expect(failures, `seed ${SEED}`).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect([...kinds.keys()].length).toBe(7);
    expect(await store.stats()).toEqual(before);

    const health = await fetch(`${relay.url}/v1/health`);
    expect(health.status).toBe(200);
    const valid = await fetch(`${relay.url}/v1/reports`, {
      method: 'POST',
      body: JSON.stringify(reports[0]),
    });
    expect(valid.status).toBe(201);
  }, 300_000);
});
