import type { SchemeSecrets } from '../../../shared/protocol/keys.js';
import {
  JOURNAL_GENESIS,
  journalLink,
  type JournalEnvelope,
  type JournalRecord,
} from '../../../shared/protocol/staff-journal.js';
import { RelayError } from '../../../shared/relay-client.js';

/** The relay's journal rules in memory: one linear chain, `stale-head` otherwise. */
export function fakeJournalRelay() {
  const entries: JournalRecord[] = [];
  const state = { offline: false, appends: 0, seq: 0, interject: null as (() => void) | null };
  const offline = () => new RelayError('offline', 0, 'The relay could not be reached.');
  return {
    entries,
    state,
    appendJournal: async (_s: SchemeSecrets, previous: string, envelope: JournalEnvelope) => {
      if (state.offline) throw offline();
      state.appends++;
      const interject = state.interject;
      state.interject = null;
      interject?.();
      if (previous !== (entries.at(-1)?.link ?? JOURNAL_GENESIS)) {
        throw new RelayError('stale-head', 409, 'The journal has newer entries.');
      }
      const link = journalLink(previous, envelope);
      const seq = ++state.seq;
      entries.push({ seq, previous, link, envelope });
      return { seq, link };
    },
    listJournal: async (_s: SchemeSecrets, after = 0, limit = 500) => {
      if (state.offline) throw offline();
      const page = entries.filter((e) => e.seq > after).slice(0, limit);
      return { entries: structuredClone(page), cursor: page.at(-1)?.seq ?? after };
    },
  };
}

/** The fake relay's type. */
export type FakeJournalRelay = ReturnType<typeof fakeJournalRelay>;
