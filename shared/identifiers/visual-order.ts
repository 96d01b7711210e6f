import bidiFactory from 'bidi-js';

/**
 * Text as a reader sees it, not as it is stored. Right-to-left letters and the invisible bidi
 * controls (U+202E "right-to-left override", isolates, embeddings) make a browser show stored
 * characters in another order: "U+202E 321009 00770" shows as 07700 900123, and so does
 * "900123 07700" after an Arabic letter, where the two groups swap places. Read in stored order,
 * such a number is another one, so a client could write his number that way and pass every
 * check. Identifiers are therefore also read in display order, computed by the Unicode
 * Bidirectional Algorithm (bidi-js, which passes the Unicode conformance tests), for both base
 * directions a page or box may have. Text with neither right-to-left letters nor bidi controls
 * shows as stored, and costs one regular-expression test.
 */

/** The display order of a text: its characters, and where each came from in the stored text. */
export interface VisualText {
  text: string;
  /** `stored[i]` is the index in the stored text of display character `i`. */
  stored: Int32Array;
}

/**
 * Characters that can make display order differ from stored order: right-to-left letters
 * (Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic and their presentation forms, and
 * the right-to-left blocks beyond U+FFFF, all behind surrogate leads D802, D803 and D83A) and the
 * bidi marks and controls.
 */
const REORDERING =
  /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u200f\u061c\u202a-\u202e\u2066-\u2069\ud802\ud803\ud83a]/;

let bidi: ReturnType<typeof bidiFactory> | null = null;

/**
 * The display orders of `text` that differ from it (one per base direction, left to right
 * first; none when it shows as stored). Each keeps the map back to stored positions, so a match
 * found in it can be marked where its characters really are.
 */
export function displayOrders(text: string): VisualText[] {
  if (!REORDERING.test(text)) return [];
  bidi ??= bidiFactory();
  const orders: VisualText[] = [];
  for (const direction of ['ltr', 'rtl'] as const) {
    const levels = bidi.getEmbeddingLevels(text, direction);
    const stored = Int32Array.from(bidi.getReorderedIndices(text, levels));
    keepSurrogatePairs(text, stored);
    let shown = '';
    for (const index of stored) shown += text[index];
    if (shown !== text && !orders.some((order) => order.text === shown)) {
      orders.push({ text: shown, stored });
    }
  }
  return orders;
}

/** A reversed run puts a surrogate pair's halves the wrong way round: they go back in order. */
function keepSurrogatePairs(text: string, stored: Int32Array): void {
  for (let i = 0; i + 1 < stored.length; i++) {
    const low = text.charCodeAt(stored[i]!);
    const high = text.charCodeAt(stored[i + 1]!);
    if (low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff) {
      [stored[i], stored[i + 1]] = [stored[i + 1]!, stored[i]!];
      i++;
    }
  }
}

/**
 * The stored span a display-order match [start, end) covers: from its first to its last stored
 * character, so marking it highlights every character shown as part of the match.
 */
export function storedSpan(order: VisualText, start: number, end: number): [number, number] {
  let from = Infinity;
  let to = -Infinity;
  for (let i = start; i < end; i++) {
    from = Math.min(from, order.stored[i]!);
    to = Math.max(to, order.stored[i]!);
  }
  return [from, to + 1];
}
