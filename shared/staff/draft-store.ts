import { isAlertContent, type AlertContent } from '../domain/alert.js';
import { hasExactKeys, isId } from '../encoding/shape.js';
import type { SchemeSecrets } from '../protocol/keys.js';
import { openJson, sealJson, staffStateKey } from './sealed-json.js';
import type { StaffDb } from './staff-db.js';

/**
 * Alert drafts waiting for approval (an on-call staff member approves them from the popup).
 * Sealed at rest: a draft holds the client's identifiers.
 */

/** A saved draft and the report it came from. */
export interface SavedDraft {
  alert: AlertContent;
  reportId: string;
  savedAt: number;
}

/** The scheme's saved drafts. */
export interface DraftStore {
  save(draft: SavedDraft): Promise<void>;
  list(): Promise<SavedDraft[]>;
  remove(alertId: string): Promise<void>;
}

/** Opens the draft store of the unlocked scheme. */
export function createDraftStore(db: StaffDb, secrets: SchemeSecrets): DraftStore {
  const key = staffStateKey(secrets);
  const scheme = secrets.scheme;
  return {
    async save(draft) {
      if (!isSavedDraft(draft) || draft.alert.scheme !== scheme) {
        throw new TypeError('DraftStore.save: malformed draft');
      }
      await db.put('drafts', { scheme, id: draft.alert.id, sealed: sealJson(draft, key) });
    },
    async list() {
      const stored = await db.getAllFromIndex('drafts', 'scheme', scheme);
      return stored
        .map((s) => openJson(s.sealed, key))
        .filter(isSavedDraft)
        .sort((a, b) => b.savedAt - a.savedAt);
    },
    async remove(alertId) {
      await db.delete('drafts', [scheme, alertId]);
    },
  };
}

function isSavedDraft(value: unknown): value is SavedDraft {
  return (
    hasExactKeys(value, ['alert', 'reportId', 'savedAt']) &&
    isAlertContent(value.alert) &&
    isId(value.reportId) &&
    Number.isSafeInteger(value.savedAt)
  );
}
