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
  onNewReport: () => void;
  onReadReplies: () => void;
}

/**
 * After sending: the receipt code to keep (shown once, never stored by the widget: on a shared
 * device a stored code would let someone else read the scheme's replies), and whether the report
 * has reached the relay or is waiting in this device's outbox. Every report gets a code, as
 * reassurance that it went; it reads replies only if the reporter let the scheme reply.
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

  return (
    <div class="receipt">
      <p class={props.delivered ? 'status ok' : 'status waiting'} role="status" tabIndex={-1}>
        {props.delivered ? t('receipt.thanks') : t('send.queued')}
      </p>
      <p class="receipt-label" id="receipt-code-label">
        {t('receipt.code-label')}
      </p>
      <output class="receipt-code" data-testid="receipt-code" aria-labelledby="receipt-code-label">
        {props.code}
      </output>
      <p class="hint">{t(props.replies ? 'receipt.code-hint' : 'receipt.no-reply')}</p>
      <div class="actions">
        <button type="button" class="secondary" onClick={copy} data-testid="copy-receipt">
          {copied ? t('receipt.copied') : t('receipt.copy')}
        </button>
        {props.replies ? (
          <button type="button" class="secondary" onClick={props.onReadReplies}>
            {t('replies.title')}
          </button>
        ) : null}
      </div>
      <div class="actions">
        <button type="button" onClick={props.onNewReport} data-testid="new-report">
          {t('receipt.new')}
        </button>
      </div>
    </div>
  );
}
