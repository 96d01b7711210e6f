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
  return (element) => element.ownerDocument.designMode === 'on' || check(element);
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

/**
 * Yields the text blocks under `root` that may hold an identifier, in document order; `null`
 * now and then while walking long stretches without one, so the caller can give the page its
 * thread back. `onShadowRoot` is told of each open shadow root (whose blocks are yielded too),
 * so the caller can watch it for changes.
 */
export function* textBlocks(
  root: Node,
  onShadowRoot: (shadow: ShadowRoot) => void = () => undefined,
): Generator<TextBlock | null> {
  const doc = root.ownerDocument ?? (root as Document);
  const done = new Set<Element>();
  const skipped = skipCache();
  const walker = doc.createTreeWalker(root, 0x4 /* SHOW_TEXT */);
  let passed = 0;
  // Most pages have no candidate at all in long stretches: one native pass over the whole text
  // decides whether walking text nodes is needed (shadow roots are still visited below).
  const lightText = root.textContent ?? '';
  const anyCandidate = hasCandidateChar(lightText);

  for (let node = anyCandidate ? walker.nextNode() : null; node; node = walker.nextNode()) {
    if (++passed % TICK === 0) yield null;
    if (!hasCandidateChar((node as Text).data)) continue;
    const parent = node.parentElement;
    if (!parent || skipped(parent)) continue;
    const block = blockOf(node)!;
    if (done.has(block)) continue;
    done.add(block);
    yield* blockTexts(doc, block);
  }

  const elements = doc.createTreeWalker(root, 0x1 /* SHOW_ELEMENT */);
  for (let element = elements.nextNode(); element; element = elements.nextNode()) {
    const shadow = (element as Element).shadowRoot;
    if (!shadow) continue;
    onShadowRoot(shadow);
    yield* textBlocks(shadow, onShadowRoot);
  }
}

/**
 * The runs of text that belong to `block` itself: text in nested blocks (a paragraph inside a
 * div) and in skipped elements belongs elsewhere, and starts a new run so a number is never
 * glued together across it.
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
      yield current;
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
    yield current;
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
