import { browser } from 'wxt/browser';

/**
 * Where unlocked staff secrets live: a key-value area that is memory-only and gone when the
 * browser closes. In the extension that is `storage.session`, which the popup, the staff page and
 * the service worker share and which content scripts cannot read (its default access level).
 */
export interface SessionArea {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** The extension's `storage.session`. */
export function browserSessionArea(): SessionArea {
  const area = browser.storage.session;
  return {
    get: async (key) => (await area.get(key))[key],
    set: (key, value) => area.set({ [key]: value }),
    remove: (key) => area.remove(key),
  };
}

/** An in-memory area (tests, and pages opened outside the extension). */
export function memorySessionArea(): SessionArea {
  const values = new Map<string, unknown>();
  return {
    get: async (key) => structuredClone(values.get(key)),
    set: async (key, value) => void values.set(key, structuredClone(value)),
    remove: async (key) => void values.delete(key),
  };
}
