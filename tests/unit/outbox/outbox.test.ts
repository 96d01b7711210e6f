import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { backoffDelay, createOutbox } from '../../../shared/outbox.js';
import { RelayError } from '../../../shared/relay-client.js';
import type { ReportEnvelope } from '../../../shared/protocol/report-envelope.js';

let dbCount = 0;
const freshName = () => `outbox-test-${++dbCount}`;

function envelope(id: string): ReportEnvelope {
  return { v: 1, scheme: 'north-east', id, epk: 'e'.repeat(43), nonce: 'n'.repeat(32), box: 'b' };
}

/** A relay whose answers the test scripts: each call takes the next outcome. */
function scriptedRelay(outcomes: ('ok' | 'offline' | 'lost' | 'rejected' | 'duplicate')[]) {
  const received: string[] = [];
  const stored = new Set<string>();
  return {
    received,
    stored,
    relay: {
      submitReport: async (e: ReportEnvelope) => {
        const outcome = outcomes.shift() ?? 'ok';
        if (outcome === 'offline') throw new RelayError('offline', 0, 'offline');
        received.push(e.id);
        stored.add(e.id); // Idempotent by id, like the relay.
        if (outcome === 'lost') throw new RelayError('offline', 0, 'answer lost');
        if (outcome === 'rejected') throw new RelayError('bad-request', 400, 'bad');
        if (outcome === 'duplicate') throw new RelayError('duplicate-id', 409, 'dup');
        return { id: e.id, receivedAt: 1 };
      },
    },
  };
}

describe('outbox', () => {
  it('keeps a report until the relay acknowledges it, then removes it', async () => {
    const { relay, stored } = scriptedRelay(['offline', 'lost', 'ok']);
    let now = 1_000;
    const outbox = createOutbox({ relay, dbName: freshName(), now: () => now, backoff: () => 10 });
    await outbox.add(envelope('a'.repeat(22)));

    expect((await outbox.flush()).delivered).toEqual([]);
    expect((await outbox.waiting())[0]).toMatchObject({ attempts: 1, lastError: 'offline' });
    expect((await outbox.flush()).waiting).toBe(1); // Not due yet: nothing sent.

    now += 10;
    expect((await outbox.flush()).delivered).toEqual([]); // Reached the relay, answer lost.
    expect(stored.size).toBe(1);
    now += 10;
    expect(await outbox.flush()).toEqual({ delivered: ['a'.repeat(22)], waiting: 0 });
    expect(stored.size).toBe(1);
    expect(await outbox.waiting()).toEqual([]);
  });

  it('survives being closed and reopened (a closed tab)', async () => {
    const name = freshName();
    const first = createOutbox({ relay: scriptedRelay(['offline']).relay, dbName: name });
    await first.add(envelope('b'.repeat(22)));
    await first.flush();
    first.close();

    const { relay, received } = scriptedRelay(['ok']);
    const second = createOutbox({ relay, dbName: name });
    expect((await second.flush({ force: true })).delivered).toEqual(['b'.repeat(22)]);
    expect(received).toEqual(['b'.repeat(22)]);
  });

  it('adds the same report once, keeping the first envelope', async () => {
    const outbox = createOutbox({ relay: scriptedRelay([]).relay, dbName: freshName() });
    await outbox.add(envelope('c'.repeat(22)));
    await outbox.add({ ...envelope('c'.repeat(22)), box: 'different' });
    const waiting = await outbox.waiting();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.envelope.box).toBe('b');
  });

  it('never drops a refused report; retries it slowly', async () => {
    const now = 0;
    const outbox = createOutbox({
      relay: scriptedRelay(['rejected']).relay,
      dbName: freshName(),
      now: () => now,
      backoff: () => 5,
    });
    await outbox.add(envelope('d'.repeat(22)));
    await outbox.flush();
    const [entry] = await outbox.waiting();
    expect(entry).toMatchObject({ lastError: 'bad-request' });
    expect(entry!.nextAttemptAt).toBeGreaterThanOrEqual(3_600_000);
  });

  it('treats duplicate-id as delivered earlier', async () => {
    const outbox = createOutbox({ relay: scriptedRelay(['duplicate']).relay, dbName: freshName() });
    await outbox.add(envelope('e'.repeat(22)));
    expect((await outbox.flush()).delivered).toEqual(['e'.repeat(22)]);
  });

  it('shares one flush between concurrent callers (no double send)', async () => {
    const { relay, received } = scriptedRelay(['ok', 'ok']);
    const outbox = createOutbox({ relay, dbName: freshName() });
    await outbox.add(envelope('f'.repeat(22)));
    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);
    expect(received).toEqual(['f'.repeat(22)]);
  });

  it('tells subscribers what each flush did', async () => {
    const outbox = createOutbox({ relay: scriptedRelay(['ok']).relay, dbName: freshName() });
    const seen: unknown[] = [];
    const stop = outbox.subscribe((r) => seen.push(r));
    await outbox.add(envelope('g'.repeat(22)));
    await outbox.flush();
    stop();
    await outbox.flush();
    expect(seen).toEqual([{ delivered: ['g'.repeat(22)], waiting: 0 }]);
  });
});

describe('backoffDelay', () => {
  it.each([
    [1, 0.5, 2_000],
    [2, 0.5, 4_000],
    [3, 0.5, 8_000],
    [20, 0.5, 300_000],
    [1, 0, 1_500],
    [1, 1, 2_500],
  ])('attempt %i with jitter %f → %i ms', (attempt, jitter, expected) => {
    expect(backoffDelay(attempt, () => jitter)).toBe(expected);
  });
});
