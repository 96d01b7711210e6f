/**
 * Unicode bidirectional controls that can reorder what follows them: the embeddings and
 * overrides (U+202A–U+202E), the isolates (U+2066–U+2069) and the implicit marks (LRM U+200E,
 * RLM U+200F, ALM U+061C). A report that says "\u202Eelbbod\u202C Dave" would otherwise show
 * to staff as "dobble Dave" (the "Trojan Source" trick, CVE-2021-42574).
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/**
 * Untrusted text (a report, a reply, a staff note) made safe to show: every bidi control is
 * removed, so the characters appear in the order they were stored. Pair it with an element
 * that has `dir="auto"` and `unicode-bidi: isolate` so right-to-left text still reads right
 * and cannot spill into the label beside it.
 *
 * @example displayText('\u202Eelbbod\u202C Dave') // 'elbbod Dave'
 */
export function displayText(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
