import type { SchemeSecrets } from '../protocol/keys.js';
import { isSavedDraft, type SavedDraft } from './journal-view.js';
import type { StaffJournal } from './staff-journal.js';

/**
 * Alert drafts waiting for approval (an on-call staff member approves them from the popup or the
 * staff page). They travel in the scheme staff journal, sealed to the scheme's staff, so a draft
 * saved on one staff member's laptop is waiting on a colleague's phone-side popup too.
 */

export type { SavedDraft } from './journal-view.js';

/** The scheme's saved drafts. */
export interface DraftStore {
  save(draft: SavedDraft): Promise<void>;
  /** Drafts waiting, newest first (colleagues' and this device's unsent ones). */
  list(): Promise<SavedDraft[]>;
  remove(alertId: string): Promise<void>;
}

/** Opens the draft store of the unlocked scheme on top of its staff journal. */
export function createDraftStore(
  journal: Pick<StaffJournal, 'append' | 'view'>,
  secrets: Pick<SchemeSecrets, 'scheme'>,
): DraftStore {
  return {
    async save(draft) {
      if (!isSavedDraft(draft) || draft.alert.scheme !== secrets.scheme) {
        throw new TypeError('DraftStore.save: malformed draft');
      }
      await journal.append({ type: 'draft', draft });
    },
    async list() {
      return (await journal.view()).drafts;
    },
    async remove(alertId) {
      const waiting = (await journal.view()).drafts.some((d) => d.alert.id === alertId);
      if (waiting) await journal.append({ type: 'draft-removed', alert: alertId });
    },
  };
}
