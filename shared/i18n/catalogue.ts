import type { Locale } from './locales.js';
import enCodes from './messages/en/codes.json';
import enForm from './messages/en/form.json';

/**
 * The message catalogues in memory, and translation with English fallback. Catalogues are flat
 * JSON files, `messages/<locale>/<namespace>.json` holding `{"key": "text with {var}"}`, one
 * format a volunteer translator can edit in any text editor.
 *
 * English `codes` and `form` are bundled (the report widget needs them before anything loads);
 * every other catalogue, English `extension` and `staff` included, is a lazy chunk that
 * loadLocale fetches from the same bundle (never from the network at large).
 */

/** A group of messages, one file per locale. */
export type Namespace = 'codes' | 'form' | 'extension' | 'staff';

/** The namespaces that exist, in load order. */
export const NAMESPACES: readonly Namespace[] = ['codes', 'form', 'extension', 'staff'];

type Messages = Readonly<Record<string, string>>;
type Loader = (locale: Locale) => Promise<{ default: Messages }>;

// One loader per namespace so a bundler splits each locale's file into its own chunk, and a
// widget that never asks for `staff` does not ship it (esbuild and Vite both expand these).
const LOADERS: Record<Namespace, Loader> = {
  codes: (l) => import(`./messages/${l}/codes.json`),
  form: (l) => import(`./messages/${l}/form.json`),
  extension: (l) => import(`./messages/${l}/extension.json`),
  staff: (l) => import(`./messages/${l}/staff.json`),
};

const catalogues = new Map<string, Messages>([
  ['en/codes', enCodes],
  ['en/form', enForm],
]);

const pending = new Map<string, Promise<void>>();

/**
 * Loads the catalogues of `namespaces` for `locale`, and English for the same namespaces (the
 * fallback). Resolves once they are in memory; a missing or broken file is skipped so the UI
 * falls back to English rather than failing. Safe to call repeatedly.
 */
export async function loadLocale(locale: Locale, namespaces: Namespace[]): Promise<void> {
  const wanted = new Set<string>();
  for (const namespace of namespaces) {
    wanted.add(`en/${namespace}`);
    wanted.add(`${locale}/${namespace}`);
  }
  await Promise.all([...wanted].map(loadOne));
}

function loadOne(id: string): Promise<void> {
  if (catalogues.has(id)) return Promise.resolve();
  const inFlight = pending.get(id);
  if (inFlight) return inFlight;

  const [locale, namespace] = id.split('/') as [Locale, Namespace];
  // Promise.resolve().then: a bundler's loader throws synchronously for a file that does not
  // exist, and that must become a skipped catalogue, not a failed loadLocale.
  const promise = Promise.resolve()
    .then(() => LOADERS[namespace](locale))
    .then((module) => {
      catalogues.set(id, module.default);
    })
    .catch(() => {
      // No catalogue for this pair yet (a language not translated): English covers it.
    })
    .finally(() => pending.delete(id));
  pending.set(id, promise);
  return promise;
}

/**
 * Puts a catalogue that a page bundles with its own code in memory, as loadLocale would: a page
 * whose first paint needs it (the extension pages' English `extension`, their fallback) then
 * renders without waiting for that catalogue's chunk. Replaces what was in memory for the pair.
 */
export function provideCatalogue(locale: Locale, namespace: Namespace, messages: Messages): void {
  catalogues.set(`${locale}/${namespace}`, messages);
}

/** True when the catalogue for `locale` and `namespace` is in memory. */
export function isLoaded(locale: Locale, namespace: Namespace): boolean {
  return catalogues.has(`${locale}/${namespace}`);
}

/** Every key of a loaded catalogue (for completeness tests and translator tooling). */
export function catalogueKeys(locale: Locale, namespace: Namespace): string[] {
  return Object.keys(catalogues.get(`${locale}/${namespace}`) ?? {});
}

/** Finds the raw text of `key` in `locale`, looking through that locale's loaded namespaces. */
export function lookup(locale: Locale, key: string): string | undefined {
  const namespace = namespaceOf(key);
  if (namespace) return catalogues.get(`${locale}/${namespace}`)?.[key];
  for (const ns of NAMESPACES) {
    const text = catalogues.get(`${locale}/${ns}`)?.[key];
    if (text !== undefined) return text;
  }
  return undefined;
}

// Keys of `codes` start with the code family; the other namespaces are searched in order.
const CODE_PREFIXES = ['incident.', 'setting.', 'time.', 'severity.', 'advice.', 'identifier.'];

function namespaceOf(key: string): Namespace | undefined {
  return CODE_PREFIXES.some((p) => key.startsWith(p)) ? 'codes' : undefined;
}
