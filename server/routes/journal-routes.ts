import type { Hono } from 'hono';
import { hasExactKeys } from '../../shared/encoding/shape.js';
import {
  isJournalEnvelope,
  isJournalLink,
  journalLink,
  type JournalEnvelope,
} from '../../shared/protocol/staff-journal.js';
import { fail } from '../errors.js';
import { BODY_LIMITS, type RelayContext } from '../relay-context.js';
import { readJson, readPage } from '../request-input.js';
import { checkSignature, checkSignedEmpty, spendNonce } from '../signed-request-guard.js';

/**
 * Entries one scheme's journal may hold. An audit log is kept, not pruned; at a few hundred
 * entries a working day this is years of use, and a bound on what a stolen key can fill.
 */
export const MAX_JOURNAL_ENTRIES = 200_000;

/**
 * The scheme staff journal (issue 8, docs/api.md "Staff journal"): an append-only log of
 * opaque, sealed entries per scheme. An append names the link of the head it extends, and the
 * relay stores it only if that is still the head, so the chain stays linear (a stale head gets
 * 409 `stale-head`; the client reads what it missed and tries again). Reading is signed by the
 * scheme. The relay never holds the key that opens or signs an entry (docs/protocol.md §4.12).
 */
export function addJournalRoutes(app: Hono, relay: RelayContext): void {
  app.post('/v1/schemes/:scheme/journal', async (c) => {
    const body = await readJson(c, BODY_LIMITS.journal);
    if (body instanceof Response) return body;
    const signer = await checkSignature(c, relay, body.text, c.req.param('scheme'));
    if (signer instanceof Response) return signer;
    const value = body.value;
    const shaped =
      hasExactKeys(value, ['previous', 'envelope']) &&
      isJournalLink(value.previous) &&
      isJournalEnvelope(value.envelope);
    if (!shaped) {
      return fail(
        c,
        'bad-request',
        'The body must be {previous, envelope}: the head link and a sealed journal entry.',
      );
    }
    const replay = await spendNonce(c, relay, signer);
    if (replay) return replay;

    const { previous, envelope } = value as { previous: string; envelope: JournalEnvelope };
    const link = journalLink(previous, envelope);
    const appended = await relay.store.appendJournal(
      signer.scheme,
      { previous, link, envelope },
      relay.now(),
      MAX_JOURNAL_ENTRIES,
    );
    if (appended.status === 'stale') {
      return fail(c, 'stale-head', 'The journal has newer entries: read them, then append again.');
    }
    if (appended.status === 'full') {
      return fail(
        c,
        'bad-request',
        "This scheme's journal holds as many entries as the relay keeps.",
      );
    }
    return c.json({ seq: appended.seq, link }, 201);
  });

  app.get('/v1/schemes/:scheme/journal', async (c) => {
    const page = readPage(c);
    if (page instanceof Response) return page;
    const signer = await checkSignedEmpty(c, relay);
    if (signer instanceof Response) return signer;

    const entries = await relay.store.listJournal(signer.scheme, page.after, page.limit);
    const cursor = entries.at(-1)?.seq ?? page.after;
    return c.json({ entries, cursor });
  });
}
