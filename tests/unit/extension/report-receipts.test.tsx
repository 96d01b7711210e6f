// @vitest-environment happy-dom
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocale, translate, type Locale } from '../../../shared/i18n/index.js';
import { ReceiptView } from '../../../shared/report-form/receipt-view.js';
import type { ReportConnection } from '../../../shared/report-form/connection.js';
import { ReceiptsPanel } from '../../../entrypoints/report/receipts-panel.js';

/**
 * The extension's report page keeps the worker's receipts and lists them: what the receipt
 * screen and the list say must be true of that page, not only of the widget.
 */

const CODE = 'ABCD-EFGH-JKMN-PQRS-TVWX';
const LOCALES: Locale[] = [
  'en',
  'ar',
  'bg',
  'es',
  'hu',
  'pl',
  'pt-BR',
  'ro',
  'ru',
  'sq',
  'th',
  'zh-Hans',
];

beforeAll(async () => {
  for (const locale of LOCALES) await loadLocale(locale, ['form']);
});

const settle = () => act(() => new Promise((r) => setTimeout(r, 20)));

function mount(node: ComponentChild): { host: HTMLElement; unmount: () => void } {
  const host = document.createElement('div');
  document.body.append(host);
  act(() => render(node, host));
  return { host, unmount: () => (render(null, host), host.remove()) };
}

const hint = (host: HTMLElement) =>
  host.querySelector('[data-testid="receipt-code-hint"]')!.textContent!;

describe('the receipt screen', () => {
  it('says where the code is kept when the page lists it, and that it cannot be shown again where not', () => {
    const view = (kept: boolean) => (
      <ReceiptView
        locale="en"
        code={CODE}
        replies
        delivered
        kept={kept}
        onNewReport={() => {}}
        onReadReplies={() => {}}
      />
    );
    const extension = mount(view(true));
    expect(hint(extension.host)).toBe(translate('en', 'receipt.code-hint-kept'));
    expect(hint(extension.host)).toContain('Your earlier reports');
    expect(hint(extension.host)).not.toMatch(/show it again/);
    extension.unmount();

    const widget = mount(view(false));
    expect(hint(widget.host)).toMatch(/cannot show it again/);
    widget.unmount();
  });

  // The kept hint names the list by its heading, in every language.
  it.each(LOCALES)('names the list as its heading does in %s', (locale) => {
    const title = translate(locale, 'receipts.title');
    expect(translate(locale, 'receipt.code-hint-kept')).toContain(title);
  });
});

describe('the list of earlier reports', () => {
  it('says only "no replies yet" for a receipt that chose replies', async () => {
    const connection = async () =>
      ({ readReplies: async () => ({ ok: true, replies: [] }) }) as unknown as ReportConnection;
    const { host, unmount } = mount(
      <ReceiptsPanel
        locale="en"
        receipts={[
          { scheme: 'north-east', code: CODE, replies: true, sentAt: Date.UTC(2026, 11, 1) },
        ]}
        connection={connection}
        onForget={() => {}}
      />,
    );
    await settle();

    const none = host.querySelector('[data-testid="receipt-no-replies"]')!.textContent!;
    expect(none).toBe(translate('en', 'receipts.no-replies-yet'));
    expect(host.textContent).not.toMatch(/chose not to get replies/);
    unmount();
  });

  // Each language's text is the form's "no replies yet" without its last sentence.
  it.each(LOCALES)('has its own message in %s', (locale) => {
    const panel = translate(locale, 'receipts.no-replies-yet');
    const form = translate(locale, 'replies.none');
    expect(panel).not.toBe('receipts.no-replies-yet');
    expect(form.startsWith(panel)).toBe(true);
    expect(form.length).toBeGreaterThan(panel.length + 10);
  });
});
