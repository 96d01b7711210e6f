import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { toBase64Url } from '../../shared/encoding/bytes.js';

/**
 * The production relay (`npm run relay`, server/main.ts) started as a child process on
 * 127.0.0.1, configured by environment exactly as an operator configures it. Reliability tests
 * and the benchmark use it so the relay has its own event loop (and core), can be killed with
 * SIGKILL mid-write, and its structured log is captured to a file that the at-rest scan reads.
 */
export interface RelayChild {
  url: string;
  port: number;
  child: ChildProcess;
  /** Sends a signal (SIGKILL for a crash) and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** How to start one. */
export interface RelayChildOptions {
  rootPublicKey: Uint8Array;
  /** SQLite file (ignored with databaseUrl). */
  sqlitePath?: string;
  databaseUrl?: string;
  /** File that receives the relay's stdout and stderr (its whole event log). */
  logPath: string;
  /** A fixed port (default: any free one). */
  port?: number;
  /** Extra environment (rate limits, durability). */
  env?: Record<string, string>;
}

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Per-address limits high enough for one loopback client that plays a thousand users. */
export const LOAD_TEST_LIMITS = {
  RELAY_REPORTS_PER_MINUTE: '10000000',
  RELAY_READS_PER_MINUTE: '10000000',
};

/** Starts server/main.ts and resolves once it prints its listening line. */
export function startRelayChild(options: RelayChildOptions): Promise<RelayChild> {
  const log = createWriteStream(options.logPath, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      RELAY_HOST: '127.0.0.1',
      RELAY_PORT: String(options.port ?? 0),
      RELAY_ROOT_PUBLIC_KEY: toBase64Url(options.rootPublicKey),
      RELAY_LOG_LEVEL: 'info',
      ...(options.sqlitePath ? { RELAY_SQLITE_PATH: options.sqlitePath } : {}),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.env,
    },
  });
  child.stderr!.pipe(log, { end: false });
  // A relay must never outlive the test or bench that started it (a timeout, a budget kill).
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      process.off('exit', orphanGuard);
      done();
    }),
  );

  return new Promise((resolvePromise, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('relay-child: the relay did not start within 30 s'));
    }, 30_000);
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`relay-child: the relay exited with ${code} before listening`));
    };
    child.once('exit', early);
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n').find((l) => l.includes('"listening"'));
      if (!line) return;
      buffer = '';
      clearTimeout(timer);
      child.off('exit', early);
      child.stdout!.removeAllListeners('data');
      child.stdout!.on('data', (more: Buffer) => log.write(more));
      const { url, port } = JSON.parse(line) as { url: string; port: number };
      resolvePromise({
        url,
        port,
        child,
        async kill(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
          if (!log.writableEnded) await new Promise<void>((done) => log.end(() => done()));
        },
      });
    });
  });
}
