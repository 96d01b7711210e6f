import { render } from 'preact';
import { createDraftStore } from '../shared/draft-store.js';
import { isLocale, loadLocale, pickLocale, type Locale } from '../shared/i18n/index.js';
import { parseNetworkConfig } from '../shared/network-config.js';
import {
  DEFAULT_EXIT_URL,
  REPORT_FORM_CSS,
  ReportForm,
  type FormDraft,
} from '../shared/report-form/index.js';
import { isSchemeId } from '../shared/encoding/shape.js';
import { createLogger } from '../shared/logger.js';

/**
 * `<ugly-mugs-report>`: the report form as one custom element, for schemes to embed on their own
 * sites (docs/embedding.md). It renders in an open shadow root with a constructable stylesheet,
 * so the host page's CSS does not leak in, ours does not leak out, and a CSP that forbids inline
 * scripts, inline styles and eval is no obstacle. It sets no cookies and talks only to the relay
 * named in its `relay` attribute.
 *
 * Attributes: `scheme` (scheme id), `relay` (relay base URL, https or localhost), `root-key`
 * (the network's pinned root public key, base64url), optional `lang` (one of shared/i18n's
 * locales; default from the browser) and `exit-url` (where quick exit goes).
 */
export class UglyMugsReport extends HTMLElement {
  #root: ShadowRoot | undefined;

  connectedCallback(): void {
    if (this.#root) return;
    // Moved within the page: the shadow root survives a disconnect, so reuse it.
    this.#root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    this.#root.replaceChildren();
    adoptStyles(this.#root);
    void this.#mount(this.#root);
  }

  disconnectedCallback(): void {
    if (this.#root) render(null, this.#root);
    this.#root = undefined;
  }

  async #mount(root: ShadowRoot): Promise<void> {
    const scheme = this.getAttribute('scheme') ?? '';
    const network = parseNetworkConfig(
      this.getAttribute('relay') ?? '',
      this.getAttribute('root-key') ?? '',
    );
    const asked = this.getAttribute('lang');
    const locale: Locale = isLocale(asked) ? asked : pickLocale(navigator.languages ?? []);
    if (!network.ok || !isSchemeId(scheme)) {
      log.error('misconfigured', { problem: network.ok ? 'bad-scheme' : network.problem });
      root.append(misconfigured());
      return;
    }

    await loadLocale(locale, ['codes', 'form']);
    if (this.#root !== root) return; // Removed from the page while loading.

    const { relayUrl, rootKey } = network.config;
    const exitUrl = safeExitUrl(this.getAttribute('exit-url'));
    const services = {
      drafts: createDraftStore<FormDraft>(),
      connect: () => import('./connect.js').then((m) => m.connectWidget(relayUrl, rootKey, scheme)),
    };
    render(
      <ReportForm
        scheme={scheme}
        services={services}
        initialLocale={locale}
        onQuickExit={() => {
          this.#clearFromScreen();
          window.location.replace(exitUrl);
        }}
      />,
      root,
    );
  }

  #clearFromScreen(): void {
    if (!this.#root) return;
    render(null, this.#root);
    this.#root.replaceChildren();
  }
}

const log = createLogger('widget');

let sheet: CSSStyleSheet | undefined;

function adoptStyles(root: ShadowRoot): void {
  // One constructable sheet shared by every instance: not an inline <style>, so `style-src`
  // without 'unsafe-inline' allows it (CSSOM is outside CSP's inline checks).
  sheet ??= new CSSStyleSheet();
  if (sheet.cssRules.length === 0) sheet.replaceSync(REPORT_FORM_CSS);
  root.adoptedStyleSheets = [sheet];
}

function safeExitUrl(asked: string | null): string {
  if (!asked) return DEFAULT_EXIT_URL;
  try {
    const url = new URL(asked, window.location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : DEFAULT_EXIT_URL;
  } catch {
    return DEFAULT_EXIT_URL;
  }
}

function misconfigured(): HTMLElement {
  // Shown before any catalogue loads: English, and the one sentence a scheme needs to fix it.
  const note = document.createElement('p');
  note.textContent =
    'This report form is not set up correctly. Please tell the scheme that runs this site.';
  return note;
}

if (!customElements.get('ugly-mugs-report')) {
  customElements.define('ugly-mugs-report', UglyMugsReport);
}
