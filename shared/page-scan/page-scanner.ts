import type { Identifier } from '../domain/codes.js';
import { createAlertCard, type CardAlert, type CardLabels } from './alert-card.js';
import { findInLink, findInText, identifierKey } from './find-identifiers.js';
import { createPageMarks } from './page-marks.js';
import {
  blockOf,
  isInline,
  isSkipped,
  positionIn,
  textBlocks,
  type TextBlock,
} from './text-blocks.js';

/**
 * The page scanner: finds identifiers in a page's text and links, asks the extension (never the
 * network) which of them match an alert, and marks those. Work is cut into slices of a few
 * milliseconds so a huge page never blocks the page's own scripts; content added later (a
 * messaging app receiving a message) is scanned when it appears, and marks of removed content
 * are dropped.
 */

/** What the scanner asks the extension: which of these identifiers match alerts. */
export type LookupIdentifiers = (identifiers: Identifier[]) => Promise<{
  matches: { index: number; alerts: CardAlert[] }[];
  labels: CardLabels;
}>;

/** How to run a scanner. */
export interface PageScannerOptions {
  doc: Document;
  lookup: LookupIdentifiers;
  /** Longest stretch of work before giving the page its thread back (ms, default 8). */
  sliceMs?: number;
  /** Wait after a change before scanning it (ms, default 120): a burst is scanned once. */
  settleMs?: number;
  /** Gives the thread back (default: a macrotask). */
  yieldToPage?: () => Promise<void>;
}

/** Counts from one scan, for tests and the benchmark. */
export interface ScanStats {
  blocks: number;
  found: number;
  flagged: number;
}

interface TextHit {
  block: TextBlock;
  start: number;
  end: number;
  key: string;
}

interface LinkHit {
  element: Element;
  key: string;
}

/** Creates a scanner for a document; call `start()` to scan it and follow changes. */
export function createPageScanner(options: PageScannerOptions) {
  const { doc } = options;
  const sliceMs = options.sliceMs ?? 8;
  const settleMs = options.settleMs ?? 120;
  const yieldToPage =
    options.yieldToPage ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const marks = createPageMarks();
  const card = createAlertCard(doc);
  const known = new Map<string, CardAlert[]>();
  const identifiers = new Map<string, Identifier>();
  let labels: CardLabels | null = null;
  const observers: MutationObserver[] = [];
  const watched = new WeakSet<Node>();
  const dirty = new Set<Node>();
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function scan(root: Node): Promise<ScanStats> {
    const stats: ScanStats = { blocks: 0, found: 0, flagged: 0 };
    const textHits: TextHit[] = [];
    const linkHits: LinkHit[] = [];
    const shadows: ShadowRoot[] = [];
    let sliceStart = performance.now();

    const note = (identifier: Identifier): string => {
      const key = identifierKey(identifier);
      identifiers.set(key, identifier);
      return key;
    };

    for (const block of textBlocks(root, (shadow) => shadows.push(shadow))) {
      stats.blocks++;
      for (const hit of findInText(block.text)) {
        textHits.push({ block, start: hit.start, end: hit.end, key: note(hit.identifier) });
      }
      if (performance.now() - sliceStart > sliceMs) {
        await yieldToPage();
        sliceStart = performance.now();
      }
    }
    for (const scope of [root, ...shadows]) {
      watch(scope);
      if (!('querySelectorAll' in scope)) continue;
      for (const link of (scope as ParentNode).querySelectorAll('a[href]')) {
        const identifier = findInLink(link.getAttribute('href') ?? '');
        if (identifier) linkHits.push({ element: link, key: note(identifier) });
      }
    }
    stats.found = textHits.length + linkHits.length;
    if (stats.found === 0) return stats;

    await resolve([...new Set([...textHits, ...linkHits].map((h) => h.key))]);

    for (const hit of textHits) {
      if (!known.get(hit.key)?.length) continue;
      const range = rangeOf(hit);
      if (!range) continue;
      const container = range.commonAncestorContainer;
      const element = container.nodeType === 1 ? (container as Element) : container.parentElement;
      if (!element || isSkipped(element)) continue;
      marks.flag(element, hit.key, range);
      stats.flagged++;
    }
    for (const hit of linkHits) {
      if (!known.get(hit.key)?.length || !hit.element.isConnected) continue;
      marks.flag(hit.element, hit.key);
      stats.flagged++;
    }
    return stats;
  }

  /** Asks the extension about identifiers not asked about before in this page's life. */
  async function resolve(keys: string[]): Promise<void> {
    const ask = keys.filter((key) => !known.has(key));
    if (ask.length === 0) return;
    const answer = await options.lookup(ask.map((key) => identifiers.get(key)!));
    labels = answer.labels;
    for (const key of ask) known.set(key, []);
    for (const match of answer.matches) {
      const key = ask[match.index];
      if (key !== undefined) known.set(key, match.alerts);
    }
  }

  function rangeOf(hit: TextHit): Range | null {
    const from = positionIn(hit.block, hit.start);
    const to = positionIn(hit.block, hit.end - 1);
    if (!from.node.isConnected || !to.node.isConnected) return null;
    if (to.offset + 1 > to.node.data.length || from.offset > from.node.data.length) return null;
    const range = doc.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset + 1);
    return range;
  }

  function watch(scope: Node): void {
    if (
      watched.has(scope) ||
      !(scope === doc || scope instanceof ShadowRoot || scope === doc.body)
    ) {
      return;
    }
    watched.add(scope);
    const observer = new MutationObserver(changed);
    observer.observe(scope, { childList: true, subtree: true, characterData: true });
    observers.push(observer);
  }

  function changed(records: MutationRecord[]): void {
    let removed = false;
    for (const record of records) {
      if (record.type === 'characterData') {
        const block = blockOf(record.target);
        if (block) dirty.add(block);
        continue;
      }
      if (record.removedNodes.length > 0) removed = true;
      for (const node of record.addedNodes) {
        if (node.nodeType === 1 && (node as Element).tagName === 'UMN-ALERT-CARD') continue;
        const block = node.nodeType === 1 && !isInline(node as Element) ? node : blockOf(node);
        if (block) dirty.add(block);
      }
    }
    if (removed) {
      marks.prune();
      const anchor = card.anchor();
      if (anchor && !anchor.isConnected) card.hide();
    }
    if (dirty.size > 0) {
      clearTimeout(settleTimer);
      settleTimer = setTimeout(rescanDirty, settleMs);
    }
  }

  function rescanDirty(): void {
    const roots = [...dirty].filter((node) => node.isConnected);
    dirty.clear();
    // A node inside another dirty node is scanned with it.
    const outer = roots.filter(
      (node) => !roots.some((other) => other !== node && other.contains(node)),
    );
    queue = queue.then(async () => {
      for (const root of outer) {
        marks.clearWithin(root);
        await scan(root).catch(() => undefined);
      }
    });
  }

  function showFor(event: Event): void {
    const target = event.composedPath()[0];
    if (!(target instanceof Element) || !labels) return;
    const flagged = marks.flaggedAncestor(target);
    if (!flagged) return;
    clearTimeout(hideTimer);
    if (card.anchor() === flagged) return;
    const alerts = marks.keysAt(flagged).flatMap((key) => known.get(key) ?? []);
    if (alerts.length > 0) card.show(flagged, alerts, labels);
  }

  function maybeHide(event: Event): void {
    const next = (event as MouseEvent).relatedTarget as Node | null;
    if (card.contains(next)) return;
    const flagged = card.anchor();
    if (flagged && next && flagged.contains(next)) return;
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => card.hide(), 600);
  }

  const listeners: [string, (event: Event) => void][] = [
    ['mouseover', showFor],
    ['focusin', showFor],
    ['click', showFor],
    ['mouseout', maybeHide],
    ['keydown', (e) => (e as KeyboardEvent).key === 'Escape' && card.hide()],
  ];

  return {
    /** Scans the whole document, then follows its changes. */
    async start(): Promise<ScanStats> {
      for (const [type, listener] of listeners) doc.addEventListener(type, listener, true);
      watch(doc);
      const result = scan(doc.body ?? doc.documentElement);
      queue = result;
      return result;
    },

    /** Scans one subtree now (tests, the benchmark). */
    scan,

    /** Waits until queued rescans are done (tests). */
    settled: async () => {
      await new Promise((r) => setTimeout(r, settleMs + 10));
      await queue;
    },

    /** Number of flagged elements. */
    flaggedCount: () => marks.size(),

    /** Stops following changes and removes every mark and the card. */
    stop(): void {
      for (const observer of observers) observer.disconnect();
      for (const [type, listener] of listeners) doc.removeEventListener(type, listener, true);
      clearTimeout(settleTimer);
      marks.clearAll();
      card.destroy();
    },
  };
}
