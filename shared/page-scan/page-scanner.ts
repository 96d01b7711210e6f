import { createAlertCard, type CardAlert, type CardLabels } from './alert-card.js';
import type { IdentifyAnswer, IdentifyRequest } from './identify-texts.js';
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
 * The page scanner, in the page: walks the page's text and links, hands them to the extension
 * (never the network) to read and look up, and marks what matched. The walk is cut into slices
 * of a few milliseconds so a huge page never blocks the page's own scripts, and the parsing runs
 * in the extension's service worker (identify-texts.ts), not on the page's thread. Content
 * added later (a messaging app receiving a message) is scanned when it appears, and marks of
 * removed content are dropped.
 */

/** Sends texts and links to be read and looked up (the service worker in the extension). */
export type IdentifyOnPage = (request: IdentifyRequest) => Promise<IdentifyAnswer>;

/** How to run a scanner. */
export interface PageScannerOptions {
  doc: Document;
  identify: IdentifyOnPage;
  /** Longest stretch of work before giving the page its thread back (ms, default 8). */
  sliceMs?: number;
  /** Wait after a change before scanning it (ms, default 120): a burst is scanned once. */
  settleMs?: number;
  /**
   * Longest wait for the page to settle (ms, default 1000): a page that never stops changing
   * (a ticker, a typing indicator) still has what changed scanned at least this often.
   */
  maxSettleMs?: number;
  /** Gives the thread back (default: a macrotask). */
  yieldToPage?: () => Promise<void>;
}

/** Counts from one scan, for tests and the benchmark. */
export interface ScanStats {
  blocks: number;
  found: number;
  flagged: number;
  /** Time spent marking answers on the page's thread, in total and the longest one (ms). */
  markMs: number;
  longestMarkMs: number;
}

/**
 * Most block text in one request (UTF-16 units): a quarter of what identify-texts.ts reads from
 * one request (MAX_REQUEST_TEXT), so a huge page goes in several. A literal, not an import:
 * importing identify-texts.ts would pull the phone parser into the content script's bundle.
 */
const BATCH_TEXT = 250_000;

/** An answer with the blocks and links it is about, waiting to be marked. */
interface Answered {
  answer: IdentifyAnswer;
  blocks: TextBlock[];
  links: Element[];
}

/** Links whose target may name a client (phone, WhatsApp, email, a profile on a platform). */
const LINK_TARGET = /^(?:tel:|sms:|mailto:|https?:)/i;

interface TextHit {
  block: TextBlock;
  start: number;
  end: number;
  key: string;
}

/** Creates a scanner for a document; call `start()` to scan it and follow changes. */
export function createPageScanner(options: PageScannerOptions) {
  const { doc } = options;
  const sliceMs = options.sliceMs ?? 8;
  const settleMs = options.settleMs ?? 120;
  const maxSettleMs = options.maxSettleMs ?? 1000;
  const yieldToPage =
    options.yieldToPage ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  const marks = createPageMarks();
  const card = createAlertCard(doc);
  const known = new Map<string, CardAlert[]>();
  let labels: CardLabels | null = null;
  const observers: MutationObserver[] = [];
  const watched = new WeakSet<Node>();
  const dirty = new Set<Node>();
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the oldest change not scanned yet came (undefined when none waits). */
  let dirtySince: number | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let rescanWaiting = false;
  let stopped = false;

  async function scan(root: Node, replace = false): Promise<ScanStats> {
    const stats: ScanStats = { blocks: 0, found: 0, flagged: 0, markMs: 0, longestMarkMs: 0 };
    const shadows: ShadowRoot[] = [];
    const answers: Promise<Answered | null>[] = [];
    let batch: TextBlock[] = [];
    let batchSize = 0;
    let sliceStart = performance.now();

    // Each batch goes to the extension as soon as it is full or a slice ends, and is read there
    // while the walk goes on.
    const send = (blocks: TextBlock[], links: Element[]) => {
      if (blocks.length === 0 && links.length === 0) return;
      const request = {
        texts: blocks.map((b) => b.text),
        links: links.map((a) => a.getAttribute('href') ?? ''),
      };
      answers.push(
        options.identify(request).then(
          (answer) => ({ answer, blocks, links }),
          () => null,
        ),
      );
    };

    for (const block of textBlocks(root, (shadow) => shadows.push(shadow))) {
      if (block) {
        stats.blocks++;
        batch.push(block);
        batchSize += block.text.length;
        if (batchSize > BATCH_TEXT) {
          send(batch, []);
          batch = [];
          batchSize = 0;
        }
      }
      if (performance.now() - sliceStart > sliceMs) {
        send(batch, []);
        batch = [];
        batchSize = 0;
        await yieldToPage();
        sliceStart = performance.now();
      }
    }

    const links: Element[] = [];
    for (const scope of [root, ...shadows]) {
      watch(scope);
      if (!('querySelectorAll' in scope)) continue;
      // One simple selector and a test of each href: the browser matches a list of prefix
      // selectors element by element (1 ms against 0.2 ms on the 2 MB bench page).
      for (const link of (scope as ParentNode).querySelectorAll('a[href]')) {
        if (LINK_TARGET.test(link.getAttribute('href')!)) links.push(link);
      }
    }
    send(batch, links);

    // All answers are marked together, in one task: every change to a page's marks costs the
    // page a style, paint and (for outlines) pre-paint pass over its whole tree, so marking each
    // answer as it came in made a huge page pay that once per answer (measured in
    // bench/page-scan.ts: about 60 ms a pass on the 2 MB page).
    const answered = await Promise.all(answers);
    // Stopped meanwhile (site turned off, everything erased): an answer must not mark again.
    if (stopped) return stats;
    if (replace) {
      // The old marks go in the same task as the new ones come: nothing flickers, and no mark
      // of a retracted alert is left to open its card.
      if (answered.some((one) => one === null)) return stats;
      marks.clearAll();
      known.clear();
    }
    mark(answered, stats);
    if (replace) refreshCard();
    return stats;
  }

  /** Marks the answers' matches (the page may have changed meanwhile: each is checked). */
  function mark(answered: (Answered | null)[], stats: ScanStats) {
    const started = performance.now();
    for (const one of answered) {
      if (one) markAnswer(one.answer, one.blocks, one.links, stats);
    }
    const took = performance.now() - started;
    stats.markMs += took;
    stats.longestMarkMs = Math.max(stats.longestMarkMs, took);
  }

  function markAnswer(
    answer: IdentifyAnswer,
    blocks: TextBlock[],
    links: Element[],
    stats: ScanStats,
  ) {
    labels = answer.labels;
    stats.found += answer.found;
    for (const [key, alerts] of Object.entries(answer.alerts)) known.set(key, alerts);

    for (const match of answer.matches) {
      const block = blocks[match.text];
      if (!block) continue;
      const range = rangeOf({ block, start: match.start, end: match.end, key: match.key });
      if (!range) continue;
      const container = range.commonAncestorContainer;
      const element = container.nodeType === 1 ? (container as Element) : container.parentElement;
      if (!element || isSkipped(element)) continue;
      // An editable span inside an ordinary line is still someone's input: leave it alone.
      const ends = [range.startContainer.parentElement, range.endContainer.parentElement];
      if (ends.some((end) => !end || isSkipped(end))) continue;
      marks.flag(element, match.key, range);
      stats.flagged++;
    }
    for (const match of answer.linkMatches) {
      const link = links[match.link];
      if (!link?.isConnected) continue;
      marks.flag(link, match.key);
      stats.flagged++;
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
      // Each change restarts the wait, but never past maxSettleMs from the first one: a page
      // changing every few milliseconds would otherwise never be scanned again.
      const now = performance.now();
      dirtySince ??= now;
      clearTimeout(settleTimer);
      settleTimer = setTimeout(
        rescanDirty,
        Math.max(0, Math.min(settleMs, dirtySince + maxSettleMs - now)),
      );
    }
  }

  function rescanDirty(): void {
    dirtySince = undefined;
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

  /** After a rescan: the open card shows its number's alerts as they are now, or closes. */
  function refreshCard(): void {
    const anchor = card.anchor();
    if (!anchor) return;
    const alerts = marks.keysAt(anchor).flatMap((key) => known.get(key) ?? []);
    card.hide();
    if (alerts.length > 0 && labels && marks.flaggedAncestor(anchor) === anchor) {
      card.show(anchor, alerts, labels);
    }
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
    scan: (root: Node) => scan(root),

    /**
     * Scans the whole document again and replaces every mark with the new answers' (the alerts
     * changed). Asked again while one waits to start, it runs once: one rescan per change batch.
     * When an answer fails, the old marks stay rather than flagging half the page.
     */
    rescan(): Promise<unknown> {
      if (stopped || rescanWaiting) return queue;
      rescanWaiting = true;
      queue = queue.then(async () => {
        rescanWaiting = false;
        if (stopped) return;
        await scan(doc.body ?? doc.documentElement, true).catch(() => undefined);
      });
      return queue;
    },

    /** Waits until queued rescans are done (tests). */
    settled: async () => {
      await new Promise((r) => setTimeout(r, settleMs + 10));
      await queue;
    },

    /** Number of flagged elements. */
    flaggedCount: () => marks.size(),

    /** Stops following changes and removes every mark and the card. */
    stop(): void {
      stopped = true;
      for (const observer of observers) observer.disconnect();
      for (const [type, listener] of listeners) doc.removeEventListener(type, listener, true);
      clearTimeout(settleTimer);
      clearTimeout(hideTimer);
      dirty.clear();
      known.clear();
      marks.clearAll();
      card.destroy();
    },
  };
}
