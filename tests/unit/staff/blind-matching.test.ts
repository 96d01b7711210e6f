import { describe, expect, it } from 'vitest';
import type { SchemeSecrets } from '../../../shared/protocol/keys.js';
import { createMatchingKey } from '../../../shared/protocol/matching-token.js';
import { createMembersKey, createSchemeSecrets } from '../../../shared/protocol/keys.js';
import { RelayError, type MatchAnswer } from '../../../shared/relay-client.js';
import {
  createBlindMatcher,
  matchRef,
  reportTokens,
  TOKEN_LIFETIME_MS,
} from '../../../shared/staff/blind-matching.js';
import { newId, sampleReport } from './staff-fixtures.js';

/**
 * An in-memory relay with the match routes' semantics (docs/api.md): sets keyed by (scheme, ref),
 * a query answers other schemes only. The real routes are tested in tests/relay/match-tokens.
 */
function fakeRelay() {
  const sets = new Map<string, { scheme: string; tokens: string[]; expiresAt: number }>();
  const calls: string[] = [];
  let offline = false;
  const guard = () => {
    if (offline) throw new RelayError('offline', 0, 'offline');
  };
  return {
    sets,
    calls,
    goOffline: () => (offline = true),
    async putMatchTokens(secrets: SchemeSecrets, ref: string, tokens: string[], expiresAt: number) {
      guard();
      calls.push(`put ${secrets.scheme}`);
      sets.set(`${secrets.scheme}/${ref}`, { scheme: secrets.scheme, tokens, expiresAt });
      return { stored: true };
    },
    async deleteMatchTokens(secrets: SchemeSecrets, ref: string) {
      guard();
      calls.push(`delete ${secrets.scheme}`);
      return { deleted: sets.delete(`${secrets.scheme}/${ref}`) };
    },
    async queryMatches(secrets: SchemeSecrets, tokens: string[]) {
      guard();
      const matches: MatchAnswer[] = [];
      for (const token of tokens) {
        const schemes = [...sets.values()]
          .filter((s) => s.scheme !== secrets.scheme && s.tokens.includes(token))
          .map((s) => s.scheme);
        if (schemes.length > 0) matches.push({ token, schemes: [...new Set(schemes)].sort() });
      }
      return { matches };
    },
  };
}

function network() {
  const members = [createMembersKey(1)];
  const matchingKey = createMatchingKey();
  return {
    london: createSchemeSecrets('london', members, matchingKey.slice()),
    northEast: createSchemeSecrets('north-east', members, matchingKey.slice()),
  };
}

function reportNaming(scheme: string, phone: string, consent = {}) {
  const report = sampleReport(scheme, consent);
  report.who = {
    ...report.who,
    phones: [phone],
    emails: [],
    handles: [],
    vehicle: { ...report.who.vehicle, plate: '' },
  };
  return report;
}

describe('blind matching for staff', () => {
  it('finds another scheme holding an unpublished report naming the same number, any spelling', async () => {
    const relay = fakeRelay();
    const { london, northEast } = network();
    const atLondon = createBlindMatcher(relay, london, () => 1000);
    const atNorthEast = createBlindMatcher(relay, northEast);

    const held = {
      id: newId(),
      status: 'new' as const,
      report: reportNaming('london', '07700 900321'),
    };
    expect(await atLondon.sync(held)).toBe('published');
    const [stored] = [...relay.sets.values()];
    expect(stored?.expiresAt).toBe(1000 + TOKEN_LIFETIME_MS);

    const answer = await atNorthEast.query(reportNaming('north-east', '+44 7700 900 321'));
    expect(answer).toEqual({
      status: 'ok',
      matches: [{ identifier: { kind: 'phone', value: '+447700900321' }, schemes: ['london'] }],
    });
    // London's own report is never reported back to London.
    expect(await atLondon.query(held.report)).toEqual({ status: 'ok', matches: [] });
    // A different number does not match.
    expect(await atNorthEast.query(reportNaming('north-east', '07700 900322'))).toEqual({
      status: 'ok',
      matches: [],
    });
  });

  it('sends the relay tokens and a ref, never the identifier or the report id', async () => {
    const relay = fakeRelay();
    const { london } = network();
    const id = newId();
    await createBlindMatcher(relay, london).sync({
      id,
      status: 'in-review',
      report: reportNaming('london', '07700 900321'),
    });
    const sent = JSON.stringify([...relay.sets.entries()]);
    expect(sent).not.toContain(id);
    expect(sent).not.toContain('900321');
    expect(matchRef(london, id)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Every staff device of the scheme derives the same ref; another scheme a different one.
    const again = createSchemeSecrets('london', london.members, london.matchingKey);
    again.box = london.box;
    expect(matchRef(again, id)).toBe(matchRef(london, id));
    expect(matchRef(network().northEast, id)).not.toBe(matchRef(london, id));
  });

  it('publishes only with consent to other schemes or to a worker alert', async () => {
    const relay = fakeRelay();
    const { london } = network();
    const matcher = createBlindMatcher(relay, london);
    const none = { workerAlert: false, otherSchemes: false };
    const entry = (consent: object) => ({
      id: newId(),
      status: 'new' as const,
      report: reportNaming('london', '07700 900321', consent),
    });
    expect(await matcher.sync(entry(none))).toBe('skipped');
    expect(relay.calls).toEqual([]);
    expect(await matcher.sync(entry({ ...none, otherSchemes: true }))).toBe('published');
    expect(await matcher.sync(entry({ ...none, workerAlert: true }))).toBe('published');
  });

  it('publishes once per unlock, and withdraws when the report is alerted, referred or closed', async () => {
    const relay = fakeRelay();
    const { london, northEast } = network();
    const matcher = createBlindMatcher(relay, london);
    const report = reportNaming('london', '07700 900321');
    const entry = { id: newId(), status: 'new' as const, report };
    expect(await matcher.syncAll([entry, entry])).toMatchObject({ published: 1, skipped: 1 });
    expect(await matcher.sync({ ...entry, status: 'closed' })).toBe('withdrawn');
    expect(relay.sets.size).toBe(0);
    // A stale snapshot (changed before the withdrawal) does not publish it again; a reopening does.
    expect(await matcher.sync(entry)).toBe('skipped');
    expect(relay.sets.size).toBe(0);
    expect(await matcher.sync({ ...entry, status: 'in-review', updatedAt: Date.now() + 1 })).toBe(
      'published',
    );
    // Another device of the scheme withdraws what this one published (same ref).
    expect(await createBlindMatcher(relay, london).withdraw(entry.id)).toBe('withdrawn');
    expect(await createBlindMatcher(relay, northEast).query(report)).toEqual({
      status: 'ok',
      matches: [],
    });
  });

  it('answers no-key for a vault without the matching key, and offline when the relay is down', async () => {
    const relay = fakeRelay();
    const oldVault = createSchemeSecrets('london', [createMembersKey(1)]);
    const report = reportNaming('london', '07700 900321');
    const withoutKey = createBlindMatcher(relay, oldVault);
    expect(await withoutKey.sync({ id: newId(), status: 'new', report })).toBe('no-key');
    expect(await withoutKey.query(report)).toEqual({ status: 'no-key' });

    const { london } = network();
    relay.goOffline();
    const matcher = createBlindMatcher(relay, london);
    expect(await matcher.sync({ id: newId(), status: 'new', report })).toBe('offline');
    expect(await matcher.query(report)).toEqual({ status: 'offline' });
  });

  it('tokenises only full, readable identifiers', () => {
    const { london } = network();
    const report = reportNaming('london', 'not a number');
    report.who.emails = ['client@example.com'];
    const tokens = reportTokens(report, london.matchingKey!);
    expect(tokens.map((t) => t.identifier.kind)).toEqual(['email']);
  });

  it('never lets a withdrawal be overtaken by a publication still in flight', async () => {
    const relay = fakeRelay();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = {
      ...relay,
      async putMatchTokens(...args: Parameters<typeof relay.putMatchTokens>) {
        await gate;
        return relay.putMatchTokens(...args);
      },
    };
    const { london } = network();
    const matcher = createBlindMatcher(slow, london);
    const entry = {
      id: newId(),
      status: 'new' as const,
      report: reportNaming('london', '07700 900321'),
    };
    const publishing = matcher.sync(entry);
    const withdrawing = matcher.withdraw(entry.id);
    release();
    expect(await publishing).toBe('published');
    expect(await withdrawing).toBe('withdrawn');
    expect(relay.calls).toEqual(['put london', 'delete london']);
    expect(relay.sets.size).toBe(0);
  });
});
