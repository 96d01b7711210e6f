import { join } from 'node:path';
import { fromBase64UrlExact } from '../shared/encoding/bytes.js';
import type { LogLevel } from './event-log.js';
import { loadNetwork } from './operator/index.js';
import { DEFAULT_RATE_RULES } from './rate-limit.js';
import type { RelayOptions } from './relay.js';
import { DEFAULT_RETENTION } from './retention.js';

/**
 * Relay configuration from the environment. Every variable is optional; the defaults run a
 * relay for one small scheme on one machine. docs/deploy.md has the same table.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | RELAY_HOST | 127.0.0.1 | interface to listen on (keep it local; TLS proxy in front) |
 * | RELAY_PORT | 8787 | port |
 * | RELAY_DATA_DIR | ./data | operator files (network/) and the default SQLite file |
 * | RELAY_SQLITE_PATH | $RELAY_DATA_DIR/relay.sqlite | SQLite database file |
 * | RELAY_SQLITE_SYNCHRONOUS | NORMAL | FULL to survive power loss, not just a crash |
 * | DATABASE_URL | (none) | postgres://… selects PostgreSQL instead of SQLite |
 * | RELAY_ROOT_PUBLIC_KEY | from network/network.json | the pinned root public key |
 * | RELAY_TRUST_PROXY | false | true behind a reverse proxy (rate limits per client) |
 * | RELAY_RETENTION_DAYS | 30 | days acknowledged reports are kept |
 * | RELAY_PRUNE_INTERVAL_MINUTES | 60 | how often retention runs |
 * | RELAY_REPORTS_PER_MINUTE | 60 | report submissions per client address (burst the same) |
 * | RELAY_REDEEMS_PER_MINUTE | 10 | invite redemptions per client address (burst 20) |
 * | RELAY_READS_PER_MINUTE | 600 | anonymous reads per client address (burst the same) |
 * | RELAY_REQUEST_TIMEOUT_MS | 10000 | a request must arrive whole within this |
 * | RELAY_STORE_TIMEOUT_MS | 5000 | PostgreSQL: a query without an answer in this time is a 503 |
 * | RELAY_LOG_LEVEL | info | debug, info, warn or error |
 */
export interface RelayConfig {
  options: RelayOptions;
  logLevel: LogLevel;
}

/** Reads the configuration; throws a message that says which variable to fix. */
export async function readRelayConfig(env: NodeJS.ProcessEnv = process.env): Promise<RelayConfig> {
  const dataDir = env.RELAY_DATA_DIR || 'data';
  const rootText = env.RELAY_ROOT_PUBLIC_KEY || (await loadNetwork(dataDir))?.rootPublicKey;
  if (!rootText) {
    throw new Error(
      'No root public key: set RELAY_ROOT_PUBLIC_KEY, or run "npm run operator -- init" ' +
        'with the same RELAY_DATA_DIR first.',
    );
  }
  const rootPublicKey = fromBase64UrlExact(rootText, 32);
  if (!rootPublicKey) throw new Error('RELAY_ROOT_PUBLIC_KEY must be 32 bytes of base64url.');

  const reports = count(env, 'RELAY_REPORTS_PER_MINUTE', DEFAULT_RATE_RULES.report.perMinute);
  const redeems = count(env, 'RELAY_REDEEMS_PER_MINUTE', DEFAULT_RATE_RULES.redeem.perMinute);
  const reads = count(env, 'RELAY_READS_PER_MINUTE', DEFAULT_RATE_RULES.read.perMinute);
  const synchronous = env.RELAY_SQLITE_SYNCHRONOUS || 'NORMAL';
  if (synchronous !== 'NORMAL' && synchronous !== 'FULL') {
    throw new Error('RELAY_SQLITE_SYNCHRONOUS must be NORMAL or FULL.');
  }
  const logLevel = env.RELAY_LOG_LEVEL || 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new Error('RELAY_LOG_LEVEL must be debug, info, warn or error.');
  }

  return {
    logLevel: logLevel as LogLevel,
    options: {
      host: env.RELAY_HOST || '127.0.0.1',
      port: count(env, 'RELAY_PORT', 8787),
      sqlitePath: env.RELAY_SQLITE_PATH || join(dataDir, 'relay.sqlite'),
      sqliteSynchronous: synchronous,
      databaseUrl: env.DATABASE_URL || undefined,
      rootPublicKey,
      trustProxy: flag(env, 'RELAY_TRUST_PROXY'),
      requestTimeoutMs: count(env, 'RELAY_REQUEST_TIMEOUT_MS', 10_000),
      storeTimeoutMs: count(env, 'RELAY_STORE_TIMEOUT_MS', 5000),
      retention: {
        acknowledgedReportsMs:
          count(env, 'RELAY_RETENTION_DAYS', DEFAULT_RETENTION.acknowledgedReportsMs / 86_400_000) *
          86_400_000,
        intervalMs:
          count(env, 'RELAY_PRUNE_INTERVAL_MINUTES', DEFAULT_RETENTION.intervalMs / 60_000) *
          60_000,
      },
      rateRules: {
        report: { burst: reports, perMinute: reports },
        redeem: { burst: DEFAULT_RATE_RULES.redeem.burst, perMinute: redeems },
        read: { burst: reads, perMinute: reads },
      },
    },
  };
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d{1,12}$/.test(text)) throw new Error(`${name} must be a whole number.`);
  return Number(text);
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const text = (env[name] ?? '').toLowerCase();
  if (['', '0', 'false', 'no'].includes(text)) return false;
  if (['1', 'true', 'yes'].includes(text)) return true;
  throw new Error(`${name} must be true or false.`);
}
