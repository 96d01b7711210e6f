import { joinsAt, mayHoldIdentifier } from './text-edges.js';

/**
 * Reads a page's visible text as "blocks": runs of text nodes that a reader sees as one line of
 * text, so a number split over `<span>07700</span> <b>900123</b>` is found whole, while text in
 * two paragraphs is never glued into a false number. Form fields, editable areas, scripts and
 * our own card are never read. Open shadow roots are entered.
 */

/** Text of one block, with where each of its text nodes starts in it. */
export interface TextBlock {
  text: string;
  nodes: Text[];
  /** `starts[i]` is the offset of `nodes[i]` in `text`. */
  starts: number[];
}

/** Elements whose content is never read: code, styling, form controls, media, our own UI. */
const SKIPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'BUTTON',
  'IFRAME',
  'OBJECT',
  'CANVAS',
  'SVG',
  'MATH',
  'VIDEO',
  'AUDIO',
  'HEAD',
  'TITLE',
  'UMN-ALERT-CARD',
]);

/** Elements that flow inside a line: their text joins the surrounding block. */
const INLINE = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'CITE',
  'CODE',
  'DATA',
  'DFN',
  'EM',
  'FONT',
  'I',
  'KBD',
  'LABEL',
  'MARK',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'U',
  'VAR',
  'WBR',
]);

/** Selector form of SKIPPED plus editable areas, for `closest` (native, fast). */
const SKIP_SELECTOR = [
  ...[...SKIPPED].map((tag) => tag.toLowerCase()),
  '[contenteditable=""]',
  '[contenteditable="true"]',
  '[contenteditable="plaintext-only"]',
].join(',');

/** True when nothing inside `element` may be read or marked (form fields, editable areas). */
export function isSkipped(element: Element): boolean {
  if (SKIPPED.has(element.tagName.toUpperCase())) return true;
  return element.closest(SKIP_SELECTOR) !== null || element.ownerDocument.designMode === 'on';
}

/**
 * isSkipped for many text nodes with the same parents: the answer per parent element is kept
 * for one walk (a page's thousands of lines share a handful of containers).
 */
function skipCache(): (element: Element) => boolean {
  const known = new Map<Element, boolean>();
  const check = (element: Element): boolean => {
    let skipped = known.get(element);
    if (skipped === undefined) {
      const editable = element.getAttribute('contenteditable');
      skipped =
        SKIPPED.has(element.tagName.toUpperCase()) ||
        (editable !== null && editable.toLowerCase() !== 'false') ||
        (element.parentElement !== null && check(element.parentElement));
      known.set(element, skipped);
    }
    return skipped;
  };
  return check;
}

/** True for elements that flow inside a line of text (span, a, b…). */
export function isInline(element: Element): boolean {
  return INLINE.has(element.tagName.toUpperCase());
}

/** The element that owns a text node's line: its nearest ancestor that is not inline. */
export function blockOf(node: Node): Element | null {
  let element = node.parentElement;
  while (element && INLINE.has(element.tagName.toUpperCase()) && element.parentElement) {
    element = element.parentElement;
  }
  return element;
}

/**
 * Characters that can be part of an identifier: a digit in any script the identifier core reads
 * (ASCII, Arabic-Indic, Devanagari, Thai, circled, fullwidth, and the surrogate lead of the
 * mathematical digits), or an "@" (also fullwidth). A native regular expression: the walk over
 * a page without numbers costs little more than the browser's own tree iteration.
 */
const CANDIDATE =
  /[0-9@\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\u0e50-\u0e59\u2460-\u24ff\u2776-\u2793\uff10-\uff19\uff20\ud835]/;

/** True when a text could hold part of an identifier. */
export function hasCandidateChar(data: string): boolean {
  return CANDIDATE.test(data);
}

/** How many text nodes the walk passes between chances to give the thread back. */
const TICK = 2000;

/** The next character at or after `from` in `text` that could start an identifier, or -1. */
function nextCandidate(finder: RegExp, text: string, from: number): number {
  finder.lastIndex = from;
  // `test` allocates no match array; every candidate is one UTF-16 unit long.
  return finder.test(text) ? finder.lastIndex - 1 : -1;
}

/**
 * Yields the text blocks under `root` that may hold an identifier, in document order; `null`
 * now and then while walking long stretches without one, so the caller can give the page its
 * thread back. `onShadowRoot` is told of each open shadow root (whose blocks are yielded too),
 * so the caller can watch it for changes.
 *
 * The page's thread is what this costs, so the walk touches as little as it can: one native
 * `textContent` read and native regular expression searches find the candidate characters,
 * and the walk only adds up text node lengths (`Text.length` creates no string) until it
 * reaches a node that holds one. `textContent` is the concatenation of the very text nodes a
 * SHOW_TEXT walker visits, in the same order, so the offsets line up. A node whose edges no
 * identifier can cross (text-edges.ts) is its own block, sliced from that text with no DOM
 * call; only a node that may continue into a neighbour has its whole line read. Text in
 * skipped elements (scripts, fields, editable areas) is listed once, natively, before the walk.
 * If the page changes while the walk is paused, the offsets may no longer line up: the rest of
 * the walk then reads each node and its line the slow way.
 */
export function* textBlocks(
  root: Node,
  onShadowRoot: (shadow: ShadowRoot) => void = () => undefined,
): Generator<TextBlock | null> {
  const doc = root.ownerDocument ?? (root as Document);
  // An editable document (designMode) is someone's input throughout: nothing is read.
  if (doc.designMode === 'on') return;
  const top = root.nodeType === 1 ? (root as Element) : root.parentElement;
  if (top && isSkipped(top)) return;
  const text = root.textContent ?? '';
  const finder = new RegExp(CANDIDATE.source, 'g');
  const next = nextCandidate(finder, text, 0);
  if (next !== -1) yield* candidateBlocks(doc, root, text, finder, next);

  const elements = doc.createTreeWalker(root, 0x1 /* SHOW_ELEMENT */);
  for (let element = elements.nextNode(); element; element = elements.nextNode()) {
    const shadow = (element as Element).shadowRoot;
    if (!shadow) continue;
    onShadowRoot(shadow);
    yield* textBlocks(shadow, onShadowRoot);
  }
}

/** The walk of textBlocks over `root`'s text nodes, `text` being its textContent. */
function* candidateBlocks(
  doc: Document,
  root: Node,
  text: string,
  finder: RegExp,
  first: number,
): Generator<TextBlock | null> {
  const hidden = hiddenTexts(doc, root);
  const done = new Set<Element>();
  const taken = new Set<Text>();
  const skipped = skipCache();
  // The page can only change the tree while the caller has given it the thread back
  // (between two `next()` calls); the observer's callback runs before the walk resumes.
  let aligned = true;
  const changes = new MutationObserver(() => {
    aligned = false;
  });
  changes.observe(root, { childList: true, subtree: true, characterData: true });
  let next = first;
  let offset = 0;
  let passed = 0;
  const walker = doc.createTreeWalker(root, 0x4 /* SHOW_TEXT */);
  try {
    for (
      let node = walker.nextNode() as Text | null;
      node;
      node = walker.nextNode() as Text | null
    ) {
      if (++passed % TICK === 0) {
        yield null;
        if (changes.takeRecords().length > 0) aligned = false;
      }
      if (aligned) {
        if (next === -1) break;
        const start = offset;
        const end = offset + node.length;
        offset = end;
        if (next >= end) continue;
        next = nextCandidate(finder, text, end);
        // Sizes first: a lookup gives the node's wrapper an identity hash, which costs
        // thousands of allocations on a long page where both sets are usually empty.
        if ((hidden.size > 0 && hidden.has(node)) || (taken.size > 0 && taken.has(node))) {
          continue;
        }
        if (!joinsAt(text, start) && !joinsAt(text, end)) {
          // No identifier crosses its edges: the node is a block of its own, read only if it
          // could hold one by itself.
          if (mayHoldIdentifier(text, start, end)) {
            yield { text: text.slice(start, end), nodes: [node], starts: [0] };
          }
          continue;
        }
      } else if (hidden.has(node) || taken.has(node) || !hasCandidateChar(node.data)) {
        continue;
      }
      const parent = node.parentElement;
      if (!parent || skipped(parent)) continue;
      const block = blockOf(node)!;
      if (done.has(block)) continue;
      done.add(block);
      for (const run of blockTexts(doc, block)) {
        for (const taker of run.nodes) taken.add(taker);
        yield run;
      }
    }
  } finally {
    changes.disconnect();
  }
}

/**
 * Elements whose text is in `textContent` but never read: code, styling, fields and editable
 * areas. A short list, because the browser matches a selector list element by element (the
 * whole SKIP_SELECTOR cost 6 to 12 ms on the 2 MB bench page, this one about 1 ms); text in the
 * other skipped elements (a button's label, an option) may be read, and is never marked
 * (page-scanner.ts checks each match with isSkipped).
 */
const HIDDEN_SELECTOR = 'script,style,noscript,textarea,title,[contenteditable]';

/** The text nodes under `root` inside elements of HIDDEN_SELECTOR. */
function hiddenTexts(doc: Document, root: Node): Set<Text> {
  const hidden = new Set<Text>();
  if (!('querySelectorAll' in root)) return hidden;
  for (const element of (root as ParentNode).querySelectorAll(HIDDEN_SELECTOR)) {
    const editable = element.getAttribute('contenteditable');
    if (editable !== null && editable.toLowerCase() === 'false') continue;
    const walker = doc.createTreeWalker(element, 0x4 /* SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) hidden.add(node as Text);
  }
  return hidden;
}

/**
 * The runs of text that belong to `block` itself: text in nested blocks (a paragraph inside a
 * div) and in skipped elements belongs elsewhere, and starts a new run so a number is never
 * glued together across it. Runs without a candidate character are left out.
 */
function* blockTexts(doc: Document, block: Element): Generator<TextBlock> {
  const walker = doc.createTreeWalker(block, 0x4 /* SHOW_TEXT */);
  let current: TextBlock = { text: '', nodes: [], starts: [] };
  let gap = false;
  let length = 0;
  // Joined once per run: a string built by `+=` is a rope that the first character scan
  // would flatten at a cost.
  const parts: string[] = [];

  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (blockOf(node) !== block) {
      gap = true;
      continue;
    }
    if (gap && current.nodes.length > 0) {
      current.text = parts.join('');
      if (hasCandidateChar(current.text)) yield current;
      current = { text: '', nodes: [], starts: [] };
      parts.length = 0;
      length = 0;
    }
    gap = false;
    const data = (node as Text).data;
    current.starts.push(length);
    current.nodes.push(node as Text);
    parts.push(data);
    length += data.length;
  }
  if (current.nodes.length > 0) {
    current.text = parts.join('');
    if (hasCandidateChar(current.text)) yield current;
  }
}

/** The text node and offset in it for a position in a block's text. */
export function positionIn(block: TextBlock, offset: number): { node: Text; offset: number } {
  let low = 0;
  let high = block.starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (block.starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { node: block.nodes[low]!, offset: offset - block.starts[low]! };
}
