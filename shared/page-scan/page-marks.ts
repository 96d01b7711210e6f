/**
 * How a match is shown on a page without changing the page: an attribute on the element that
 * holds the match and, where the browser has the CSS Custom Highlight API, a highlight of
 * exactly the matched characters. Where there is no highlight (a link, whose target matched, or
 * a browser without the API) the element is outlined instead; an outline takes no space, so
 * nothing moves. No element is inserted into the page's content and no text node is split, so
 * the page's own scripts (React in a messaging app) never find their DOM changed under them.
 * A mark whose element leaves the page is forgotten on the next prune: no orphan marks.
 *
 * Every rule is scoped to the attribute, so adding our stylesheet restyles no element of the
 * page but the flagged ones: an unscoped `::highlight()` rule made Chromium restyle the whole
 * document (about 90 to 190 ms on the 2 MB bench page). Text is highlighted by colour only:
 * an outline or underline on it also costs a pre-paint pass over the page's whole tree, so the
 * colours are strong (white on dark red, 6:1) to stay unmistakable on any page's own colours.
 */

/** The attribute that marks an element holding a flagged identifier. */
export const FLAG_ATTRIBUTE = 'data-umn-flag';

/** The name of the highlight registered with CSS.highlights. */
export const HIGHLIGHT_NAME = 'umn-flag';

const STYLE = `
[${FLAG_ATTRIBUTE}] {
  cursor: help;
}
[${FLAG_ATTRIBUTE}="element"] {
  outline: 2px solid #be123c !important;
  outline-offset: 1px !important;
  border-radius: 2px;
}
[${FLAG_ATTRIBUTE}]::highlight(${HIGHLIGHT_NAME}),
[${FLAG_ATTRIBUTE}] *::highlight(${HIGHLIGHT_NAME}) {
  background-color: #be123c;
  color: #ffffff;
}
`;

interface Mark {
  element: Element;
  keys: Set<string>;
  ranges: Range[];
  /** True when some match on the element has no highlight: it is outlined. */
  outlined: boolean;
}

/** Marks on one document (and its open shadow roots). */
export function createPageMarks() {
  const marks = new Map<Element, Mark>();
  const styled = new WeakSet<Document | ShadowRoot>();
  // The Custom Highlight API (Chromium 105+, Firefox 140+) paints the exact characters without
  // touching the DOM; without it the outlined element alone shows the match.
  // Created on the first mark, so a page with nothing flagged is not touched at all.
  const registry = typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights : null;
  let highlight: Highlight | null = null;
  function highlights(): Highlight | null {
    if (!highlight && registry && typeof Highlight === 'function') {
      highlight = new Highlight();
      registry.set(HIGHLIGHT_NAME, highlight);
    }
    return highlight;
  }

  function addStyle(scope: Document | ShadowRoot) {
    if (styled.has(scope)) return;
    styled.add(scope);
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
      scope.adoptedStyleSheets = [...scope.adoptedStyleSheets, sheet];
    } catch {
      // No constructable stylesheets: the attribute alone still lets the card open on hover.
    }
  }

  return {
    /** Flags `element` for `key`, highlighting `range` when given. */
    flag(element: Element, key: string, range?: Range): void {
      addStyle(element.getRootNode() as Document | ShadowRoot);
      let mark = marks.get(element);
      if (!mark) {
        mark = { element, keys: new Set(), ranges: [], outlined: false };
        marks.set(element, mark);
      }
      mark.keys.add(key);
      const painter = range ? highlights() : null;
      if (range && painter) {
        mark.ranges.push(range);
        painter.add(range);
      } else {
        mark.outlined = true;
      }
      const value = mark.outlined ? 'element' : 'text';
      if (element.getAttribute(FLAG_ATTRIBUTE) !== value)
        element.setAttribute(FLAG_ATTRIBUTE, value);
    },

    /** The identifier keys flagged on `element` or its nearest flagged ancestor. */
    keysAt(target: Element): string[] {
      for (let el: Element | null = target; el; el = el.parentElement) {
        const mark = marks.get(el);
        if (mark) return [...mark.keys];
      }
      return [];
    },

    /** The flagged element at or above `target`. */
    flaggedAncestor(target: Element): Element | null {
      for (let el: Element | null = target; el; el = el.parentElement) {
        if (marks.has(el)) return el;
      }
      return null;
    },

    /** Removes every mark inside `root` (before it is scanned again). */
    clearWithin(root: Node): void {
      for (const mark of [...marks.values()]) {
        if (root === mark.element || root.contains(mark.element)) drop(mark);
      }
    },

    /** Forgets marks whose element left the page, and highlights whose text is gone. */
    prune(): number {
      let dropped = 0;
      for (const mark of [...marks.values()]) {
        if (!mark.element.isConnected) {
          drop(mark);
          dropped++;
          continue;
        }
        for (const range of mark.ranges) {
          if (range.collapsed) highlight?.delete(range);
        }
      }
      return dropped;
    },

    /** Number of flagged elements (tests, debugging). */
    size: () => marks.size,

    /** Removes every mark (flagging turned off, or before a whole page is marked again). */
    clearAll(): void {
      for (const mark of [...marks.values()]) drop(mark);
      registry?.delete(HIGHLIGHT_NAME);
      // A later mark registers a new highlight: the old one is no longer painted.
      highlight = null;
    },

    addStyle,
  };

  function drop(mark: Mark) {
    marks.delete(mark.element);
    mark.element.removeAttribute(FLAG_ATTRIBUTE);
    for (const range of mark.ranges) highlight?.delete(range);
  }
}

/** The marks' type. */
export type PageMarks = ReturnType<typeof createPageMarks>;
