import { displayText } from '../text/index.js';
/**
 * The card that shows a flagged identifier's alerts on a page, on hover, focus or click. It
 * lives in a closed shadow root on its own element, fixed-positioned, so it takes no space in
 * the page's layout and the page's scripts cannot read the alert. All text goes in through
 * `textContent`: nothing from the page or the alert is ever parsed as HTML.
 */

/** An alert as the card shows it (already translated by the service worker). */
export interface CardAlert {
  severity: string;
  severityCode: 'low' | 'medium' | 'high' | 'critical';
  what: string;
  where: string;
  when: string;
  age: string;
  advice: string[];
  description: string;
}

/** The card's fixed words, in the worker's language. */
export interface CardLabels {
  title: string;
  where: string;
  when: string;
  schemeWords: string;
  close: string;
}

const COLOURS = { critical: '#9f1239', high: '#b45309', medium: '#1d4ed8', low: '#4b5563' };

const CSS = `
:host { all: initial; }
.card { position: fixed; z-index: 2147483647; max-width: 340px; max-height: 60vh; overflow: auto;
  box-sizing: border-box; padding: 10px 12px; border-radius: 10px; background: #fff; color: #1f1f24;
  border: 2px solid #be123c; box-shadow: 0 6px 24px rgba(0,0,0,.25);
  font: 14px/1.4 system-ui, sans-serif; }
.title { font-weight: 800; color: #9f1239; margin: 0 0 6px; }
.alert { border-inline-start: 5px solid #4b5563; padding-inline-start: 8px; margin: 8px 0; }
.sev { font-weight: 800; text-transform: uppercase; font-size: 12px; }
.what { font-weight: 700; margin: 2px 0; }
.muted { color: #55555f; }
ul { margin: 4px 0; padding-inline-start: 18px; font-weight: 600; }
.desc { background: #f4f2f7; border-radius: 6px; padding: 4px 6px; white-space: pre-wrap; }
button { position: absolute; inset-inline-end: 6px; top: 4px; border: none; background: none;
  font-size: 18px; cursor: pointer; color: #55555f; }
`;

/** Creates the (hidden) card for `doc`. */
export function createAlertCard(doc: Document) {
  let host: HTMLElement | null = null;
  let root: ShadowRoot | null = null;
  let anchor: Element | null = null;

  function ensure(): ShadowRoot {
    if (host && root && host.isConnected) return root;
    host = doc.createElement('umn-alert-card');
    root = host.attachShadow({ mode: 'closed' });
    try {
      // A constructed sheet is not inline style, so a page's strict CSP does not block it.
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch {
      const style = doc.createElement('style');
      style.textContent = CSS;
      root.append(style);
    }
    doc.documentElement.append(host);
    return root;
  }

  function text(tag: string, value: string, className?: string): HTMLElement {
    const element = doc.createElement(tag);
    // Bidi controls in a scheme's text could reorder what the worker reads (display-text.ts).
    element.textContent = displayText(value);
    if (className) element.className = className;
    return element;
  }

  return {
    /** Shows the alerts next to `target`. */
    show(target: Element, alerts: readonly CardAlert[], labels: CardLabels): void {
      const shadow = ensure();
      shadow.querySelector('.card')?.remove();
      anchor = target;

      const card = doc.createElement('div');
      card.className = 'card';
      card.setAttribute('role', 'dialog');
      card.setAttribute('aria-label', labels.title);
      const close = text('button', '×');
      close.setAttribute('aria-label', labels.close);
      close.addEventListener('click', () => this.hide());
      card.append(close, text('p', labels.title, 'title'));

      for (const alert of alerts) {
        const block = doc.createElement('div');
        block.className = 'alert';
        block.style.borderInlineStartColor = COLOURS[alert.severityCode];
        const severity = text('div', `${alert.severity} · ${alert.age}`, 'sev');
        severity.style.color = COLOURS[alert.severityCode];
        block.append(severity, text('div', alert.what, 'what'));
        block.append(text('div', `${labels.where}: ${alert.where}`, 'muted'));
        block.append(text('div', `${labels.when}: ${alert.when}`, 'muted'));
        if (alert.advice.length > 0) {
          const list = doc.createElement('ul');
          for (const line of alert.advice) list.append(text('li', line));
          block.append(list);
        }
        if (alert.description) {
          block.append(text('div', labels.schemeWords, 'muted'));
          block.append(text('div', alert.description, 'desc'));
        }
        card.append(block);
      }

      shadow.append(card);
      place(card, target.getBoundingClientRect(), doc);
      host!.setAttribute('data-open', '');
    },

    /** Hides the card. */
    hide(): void {
      root?.querySelector('.card')?.remove();
      host?.removeAttribute('data-open');
      anchor = null;
    },

    /** The element the open card belongs to (null when hidden). */
    anchor: () => anchor,

    /** True when `node` is inside the card (hovering the card keeps it open). */
    contains: (node: Node | null) => !!node && node === host,

    /** Removes the card's element entirely. */
    destroy(): void {
      host?.remove();
      host = null;
      root = null;
      anchor = null;
    },
  };
}

/** Puts the card below the flagged text, or above it when there is no room below. */
function place(card: HTMLElement, rect: DOMRect, doc: Document) {
  const view = doc.defaultView!;
  const width = Math.min(340, view.innerWidth - 16);
  const left = Math.max(8, Math.min(rect.left, view.innerWidth - width - 8));
  card.style.left = `${left}px`;
  card.style.width = `${width}px`;
  const below = rect.bottom + 6;
  if (below + 160 < view.innerHeight || rect.top < 200) card.style.top = `${below}px`;
  else card.style.bottom = `${view.innerHeight - rect.top + 6}px`;
}
