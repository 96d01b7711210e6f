import { browser } from 'wxt/browser';
import { createMemberState, type KeyValueArea } from '../../shared/sync/member-state.js';

/**
 * The member's stored state as every extension page and the service worker see it: one adapter
 * from `browser.storage.local` to the shared member-state module.
 */
const local: KeyValueArea = {
  get: (key) => browser.storage.local.get(key),
  set: (items) => browser.storage.local.set(items),
  remove: (key) => browser.storage.local.remove(key),
};

/** The member's stored state (network, membership, directory, settings). */
export const memberState = createMemberState(local);
