import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { StoreLocation } from '../../server/store/open-store.js';

/**
 * The two storage backends every relay suite runs against. Each `create()` gives a fresh, empty
 * database (a temporary SQLite file, or a new PostgreSQL database under this run's prefix from
 * postgres-global-setup.ts) and a `drop()` that removes it.
 */
export interface TestBackend {
  name: 'sqlite' | 'postgres';
  create(): Promise<{ location: StoreLocation; drop: () => Promise<void> }>;
}

let counter = 0;

/** A fresh temporary SQLite file. */
export const sqliteBackend: TestBackend = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'umn-relay-'));
    return {
      location: { sqlitePath: join(dir, 'relay.sqlite') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
};

/** A fresh PostgreSQL database. */
export const postgresBackend: TestBackend = {
  name: 'postgres',
  async create() {
    const adminUrl = inject('postgresAdminUrl');
    const name = `${inject('postgresPrefix')}_${process.pid}_${++counter}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    await admin.end({ timeout: 1 });
    const url = new URL(adminUrl);
    url.pathname = '/' + name;
    return {
      location: { databaseUrl: url.toString() },
      drop: async () => {
        const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
        await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await sql.end({ timeout: 1 });
      },
    };
  },
};

/** Both backends, for `describe.each`. */
export const BACKENDS: TestBackend[] = [sqliteBackend, postgresBackend];
