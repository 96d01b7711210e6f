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

/** True when nothing inside `element` may be read or marked (form fields, editable areas). */
export function isSkipped(element: Element): boolean {
  if (SKIPPED.has(element.tagName.toUpperCase())) return true;
  return (element as HTMLElement).isContentEditable === true;
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
 * Yields the text blocks under `root` in document order. `onShadowRoot` is told of each open
 * shadow root found (its blocks are yielded too), so the caller can watch it for changes.
 */
export function* textBlocks(
  root: Node,
  onShadowRoot: (shadow: ShadowRoot) => void = () => undefined,
): Generator<TextBlock> {
  const doc = root.ownerDocument ?? (root as Document);
  const walker = doc.createTreeWalker(root, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */, {
    acceptNode: (node) =>
      node.nodeType === 1 && isSkipped(node as Element)
        ? 2 /* FILTER_REJECT: skip the subtree */
        : 1 /* FILTER_ACCEPT */,
  });

  let current: TextBlock = { text: '', nodes: [], starts: [] };
  let owner: Element | null = null;
  const shadows: ShadowRoot[] = [];

  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 1) {
      const shadow = (node as Element).shadowRoot;
      if (shadow) shadows.push(shadow);
      continue;
    }
    const data = (node as Text).data;
    if (data.length === 0) continue;
    const block = blockOf(node);
    if (block !== owner && current.nodes.length > 0) {
      yield current;
      current = { text: '', nodes: [], starts: [] };
    }
    owner = block;
    if (block && (block as HTMLElement).isContentEditable) continue;
    current.starts.push(current.text.length);
    current.nodes.push(node as Text);
    current.text += data;
  }
  if (current.nodes.length > 0) yield current;

  for (const shadow of shadows) {
    onShadowRoot(shadow);
    yield* textBlocks(shadow, onShadowRoot);
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
