import { openPostgresStore } from './postgres-store.js';
import type { RelayStore } from './relay-store.js';
import { openSqliteStore } from './sqlite-store.js';

/** Where the relay keeps its data when nothing else is configured. */
export const DEFAULT_SQLITE_PATH = 'data/relay.sqlite';

/** Which database to open: PostgreSQL when `databaseUrl` is set, else a SQLite file. */
export interface StoreLocation {
  /** SQLite file (default data/relay.sqlite); ignored when `databaseUrl` is set. */
  sqlitePath?: string;
  /** `postgres://…` selects PostgreSQL. */
  databaseUrl?: string;
  /** SQLite durability, see SqliteStoreOptions. */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  /** PostgreSQL: a call that gets no answer in this time fails as unavailable (default 5 s). */
  storeTimeoutMs?: number;
}

/**
 * Opens (and migrates) the relay's store. The operator library and the relay both use this, so a
 * script can add schemes and start a relay on the same database.
 *
 * @example const store = await openStore({ sqlitePath: 'data/relay.sqlite' });
 */
export async function openStore(location: StoreLocation): Promise<RelayStore> {
  if (location.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(location.databaseUrl)) {
      throw new TypeError('openStore: databaseUrl must start with postgres://');
    }
    return openPostgresStore(location.databaseUrl, { timeoutMs: location.storeTimeoutMs });
  }
  return openSqliteStore(location.sqlitePath ?? DEFAULT_SQLITE_PATH, {
    synchronous: location.sqliteSynchronous,
  });
}
