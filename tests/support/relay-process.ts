import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The production relay entry (server/main.ts, `npm run relay`) as a child process on 127.0.0.1
 * with a free port, configured only by environment as an operator runs it. Used by the fan-out,
 * crash and privacy tests: the relay gets its own event loop, can be killed with SIGKILL
 * mid-write, and everything it prints is kept in `output`.
 */
export interface RelayProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Every line the relay wrote to stdout and stderr (its whole event log). */
  output: string[];
  /** Stops the relay with SIGTERM (clean shutdown) and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills the relay with SIGKILL (kill -9) and waits for it to exit. */
  kill(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Starts server/main.ts with `env` on top of a minimal environment. */
export function spawnRelay(env: Record<string, string>, timeoutMs = 30_000): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      RELAY_HOST: '127.0.0.1',
      RELAY_PORT: '0',
      RELAY_LOG_LEVEL: 'info',
      ...env,
    },
  });
  const output: string[] = [];
  // A relay must never outlive the test or bench that started it (a timeout, a crash).
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      process.off('exit', orphanGuard);
      done();
    }),
  );
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };

  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('spawnRelay: the relay did not start in time'));
    }, timeoutMs);
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`spawnRelay: the relay exited (${code}) before listening`));
    };
    child.once('exit', early);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (!line.includes('"listening"')) return;
      clearTimeout(timer);
      child.off('exit', early);
      const { url, port } = JSON.parse(line) as { url: string; port: number };
      resolvePromise({
        url,
        port,
        child,
        output,
        stop: () => signal('SIGTERM'),
        kill: () => signal('SIGKILL'),
      });
    });
  });
}
