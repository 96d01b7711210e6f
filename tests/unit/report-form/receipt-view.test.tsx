// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { translate } from '../../../shared/i18n/index.js';
import { ReceiptView } from '../../../shared/report-form/receipt-view.js';

const CODE = 'ABCD-EFGH-JKMN-PQRS-TVWX';
let container: HTMLElement;

afterEach(() => {
  render(null, container);
  container.remove();
});

function mount(replies: boolean, delivered = true) {
  container = document.createElement('div');
  document.body.append(container);
  const onReadReplies = vi.fn();
  act(() =>
    render(
      <ReceiptView
        locale="en"
        code={CODE}
        replies={replies}
        delivered={delivered}
        onNewReport={() => {}}
        onReadReplies={onReadReplies}
      />,
      container,
    ),
  );
  const byTestId = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  return { byTestId, onReadReplies };
}

describe('ReceiptView', () => {
  it('leads with the code when the reporter asked to hear back', () => {
    const { byTestId, onReadReplies } = mount(true);
    const code = byTestId('receipt-code')!;
    expect(code.textContent).toBe(CODE);
    expect(code.closest('details')).toBeNull();
    expect(byTestId('receipt-more')).toBeNull();
    expect(container.textContent).toContain(translate('en', 'receipt.code-hint'));
    const read = [...container.querySelectorAll('button')].find(
      (b) => b.textContent === translate('en', 'replies.title'),
    );
    read!.click();
    expect(onReadReplies).toHaveBeenCalledOnce();
  });

  it.each([true, false])(
    'says plainly there is nothing to keep when no replies were chosen (delivered: %s)',
    (delivered) => {
      const { byTestId } = mount(false, delivered);
      const status = container.querySelector('[role="status"]')!;
      expect(status.textContent).toBe(
        translate('en', delivered ? 'receipt.thanks' : 'send.queued'),
      );
      expect(byTestId('receipt-nothing-to-keep')!.textContent).toBe(
        translate('en', 'receipt.nothing-to-keep'),
      );
      // The code is there only behind a closed disclosure, with no way to read replies.
      const more = byTestId('receipt-more') as HTMLDetailsElement;
      expect(more.tagName).toBe('DETAILS');
      expect(more.open).toBe(false);
      expect(more.querySelector('summary')!.textContent).toBe(translate('en', 'receipt.show-code'));
      expect(more.contains(byTestId('receipt-code'))).toBe(true);
      expect(more.contains(byTestId('copy-receipt'))).toBe(true);
      expect(more.textContent).toContain(translate('en', 'receipt.optional-code'));
      expect(container.textContent).not.toContain(translate('en', 'replies.title'));
      expect(container.textContent).not.toContain(translate('en', 'receipt.code-hint'));
    },
  );

  it('has the disclosure worded in every language the form speaks in', async () => {
    const { LOCALES, loadLocale } = await import('../../../shared/i18n/index.js');
    for (const locale of LOCALES) {
      await loadLocale(locale, ['form']);
      for (const key of ['receipt.nothing-to-keep', 'receipt.show-code', 'receipt.optional-code']) {
        const text = translate(locale, key);
        expect(text, `${locale} ${key}`).not.toBe(key);
        if (locale !== 'en') expect(text, `${locale} ${key}`).not.toBe(translate('en', key));
      }
    }
  });
});
