/**
 * Structured event log: one JSON line per event on stdout (journald or any collector reads it).
 *
 * Privacy rule, enforced by the types: an event carries only counts, durations, codes and route
 * names. There is no field for an address, a user agent, a report or receipt id, an invite id or
 * a key, and callers must not put one in a string field (tests/relay/privacy.test.ts checks the
 * whole log of a journey).
 */

/** Severity of an event. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Values an event may carry: numbers, booleans and short fixed words. */
export type EventFields = Record<string, number | boolean | string>;

/** Writes structured events. */
export interface EventLog {
  /** Records an event at `level` with safe fields. */
  event(level: LogLevel, name: string, fields?: EventFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Creates an event log writing lines at or above `level` through `write` (stdout by default).
 *
 * @example createEventLog({ level: 'info' }).event('info', 'relay-started', { port: 8787 })
 */
export function createEventLog(
  options: { level?: LogLevel; write?: (line: string) => void } = {},
): EventLog {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => void process.stdout.write(line + '\n'));
  return {
    event(level, name, fields = {}) {
      if (RANK[level] < threshold) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, event: name, ...fields }));
    },
  };
}

/** An event log that drops everything (library use, benchmarks). */
export const silentLog: EventLog = { event() {} };
