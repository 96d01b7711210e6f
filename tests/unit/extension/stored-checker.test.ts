import { describe, expect, it } from 'vitest';
import type { AlertContent } from '../../../shared/domain/alert.js';
import type { Identifier } from '../../../shared/domain/codes.js';
import { createCheckIndex, freshIndex, stubOf } from '../../../shared/alert-index/check-index.js';
import { createIndexChecks } from '../../../entrypoints/popup/stored-checker.js';
import { testAlert } from './fixtures.js';

const now = Date.now();
const phone: Identifier = { kind: 'phone', value: '+447700900123' };
const alert = testAlert('a1', [phone], now);
const indexOf = (alerts: AlertContent[], generation: number) => {
  const { base, changes } = freshIndex(alerts.map(stubOf), generation);
  return createCheckIndex(base, changes);
};

describe('checks over the stored index', () => {
  it('reads the index again before "no reports" when a sync stored alerts since it was read', async () => {
    // The popup read the index at generation 1; the sync has since stored the alert (2).
    const older = indexOf([], 1);
    const newer = indexOf([alert], 2);
    let reads = 0;
    const checks = createIndexChecks(older, {
      alertsByIds: async (ids) => ({ generation: 2, alerts: ids.includes('a1') ? [alert] : [] }),
      checkIndex: async () => (reads++, newer),
      rebuildCheckIndex: async () => newer,
    });
    const answer = await checks.check([phone], now);
    expect(answer.complete).toBe(true);
    expect(answer.alerts.map((a) => a.id)).toEqual(['a1']);
    expect(reads).toBe(1);
  });

  it('answers "no reports" at once from an index as new as the store', async () => {
    let reads = 0;
    const checks = createIndexChecks(indexOf([alert], 3), {
      alertsByIds: async () => ({ generation: 3, alerts: [] }),
      checkIndex: async () => (reads++, null),
      rebuildCheckIndex: async () => indexOf([], 3),
    });
    const answer = await checks.check([{ kind: 'phone', value: '+447700900999' }], now);
    expect(answer).toEqual({ alerts: [], complete: true });
    expect(reads).toBe(0);
  });

  it('never says "no reports" while the store moves on at every reading', async () => {
    let generation = 1;
    const checks = createIndexChecks(indexOf([], generation), {
      alertsByIds: async () => ({ generation: ++generation, alerts: [] }),
      checkIndex: async () => indexOf([], generation),
      rebuildCheckIndex: async () => indexOf([], generation),
    });
    const answer = await checks.check([phone], now);
    expect(answer.complete).toBe(false);
  });
});
