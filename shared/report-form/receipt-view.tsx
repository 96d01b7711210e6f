import { useState } from 'preact/hooks';
import type { Locale } from '../i18n/index.js';
import { translate } from '../i18n/index.js';

/** What the receipt screen shows. */
export interface ReceiptViewProps {
  locale: Locale;
  /** The receipt code. */
  code: string;
  /** True when the reporter let the scheme reply (the code then reads replies). */
  replies: boolean;
  /** True once the relay has the report; false while it waits in the outbox. */
  delivered: boolean;
  /** True when the host lists the code again (the extension's receipts), unlike the widget. */
  kept?: boolean;
  onNewReport: () => void;
  onReadReplies: () => void;
}

/**
 * After sending: whether the report has reached the relay or waits in this device's outbox, and
 * the receipt code (shown once, never stored by the widget: on a shared device a stored code
 * would let someone else read the scheme's replies). Every report gets a code, but it reads
 * replies only if the reporter let the scheme reply; nothing else uses it (it cannot change or
 * add to the report). So a reporter who chose no replies is told there is nothing to keep, and
 * the code waits behind a small disclosure: on a shared device a code they do not need is one
 * more thing to hide.
 */
export function ReceiptView(props: ReceiptViewProps) {
  const t = (key: string) => translate(props.locale, key);
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.code);
      setCopied(true);
    } catch {
      // Clipboard refused (permissions, insecure context): the code stays on screen to write down.
    }
  };
  const copyButton = (
    <button type="button" class="secondary" onClick={copy} data-testid="copy-receipt">
      {copied ? t('receipt.copied') : t('receipt.copy')}
    </button>
  );
  const code = (
    <output class="receipt-code" data-testid="receipt-code" aria-labelledby="receipt-code-label">
      {props.code}
    </output>
  );

  return (
    <div class="receipt" data-testid="receipt">
      <p class={props.delivered ? 'status ok' : 'status waiting'} role="status" tabIndex={-1}>
        {props.delivered ? t('receipt.thanks') : t('send.queued')}
      </p>
      {props.replies ? (
        <>
          <p class="receipt-label" id="receipt-code-label">
            {t('receipt.code-label')}
          </p>
          {code}
          <p class="hint" data-testid="receipt-code-hint">
            {t(props.kept ? 'receipt.code-hint-kept' : 'receipt.code-hint')}
          </p>
          <div class="actions">
            {copyButton}
            <button type="button" class="secondary" onClick={props.onReadReplies}>
              {t('replies.title')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p data-testid="receipt-nothing-to-keep">{t('receipt.nothing-to-keep')}</p>
          <details class="receipt-more" data-testid="receipt-more">
            <summary>{t('receipt.show-code')}</summary>
            <p class="hint">{t('receipt.optional-code')}</p>
            <p class="receipt-label" id="receipt-code-label">
              {t('receipt.code-label')}
            </p>
            {code}
            <div class="actions">{copyButton}</div>
          </details>
        </>
      )}
      <div class="actions">
        <button type="button" onClick={props.onNewReport} data-testid="new-report">
          {t('receipt.new')}
        </button>
      </div>
    </div>
  );
}
