import { useEffect, useState } from 'preact/hooks';
import { formatDate, translate, type Locale } from '../../shared/i18n/index.js';
import type { Reply } from '../../shared/protocol/receipt.js';
import type { SubmittedReceipt } from '../../shared/report-form/index.js';
import type { ReportConnection } from '../../shared/report-form/connection.js';

/** What the receipts panel needs. */
export interface ReceiptsPanelProps {
  locale: Locale;
  receipts: SubmittedReceipt[];
  connection: () => Promise<ReportConnection>;
  onForget: (code: string) => void;
}

type Replies = { state: 'idle' | 'loading' | 'offline' } | { state: 'read'; replies: Reply[] };

/**
 * The worker's earlier reports (by receipt) and the scheme's replies to each, read on request:
 * opening the page does not ask the relay about every receipt at once.
 */
export function ReceiptsPanel(props: ReceiptsPanelProps) {
  const t = (key: string, vars?: Record<string, string | number>) =>
    translate(props.locale, key, vars);
  if (props.receipts.length === 0) return null;

  return (
    <section class="receipts" aria-labelledby="receipts-title">
      <h2 id="receipts-title">{t('receipts.title')}</h2>
      <ul>
        {props.receipts.map((receipt) => (
          <ReceiptRow key={receipt.code} {...props} receipt={receipt} t={t} />
        ))}
      </ul>
    </section>
  );
}

function ReceiptRow(
  props: ReceiptsPanelProps & {
    receipt: SubmittedReceipt;
    t: (key: string, vars?: Record<string, string | number>) => string;
  },
) {
  const { receipt, t } = props;
  const [replies, setReplies] = useState<Replies>({ state: 'idle' });
  const read = async () => {
    setReplies({ state: 'loading' });
    const result = await (await props.connection()).readReplies(receipt.code);
    setReplies(result.ok ? { state: 'read', replies: result.replies } : { state: 'offline' });
  };
  useEffect(() => {
    if (receipt.replies) void read();
  }, []);

  return (
    <li class="receipt-row" data-testid="receipt-row">
      <p>
        {t('receipts.sent', { date: formatDate(props.locale, receipt.sentAt) })}{' '}
        <code dir="ltr">{receipt.code}</code>
      </p>
      {!receipt.replies ? <p class="hint">{t('receipt.no-reply')}</p> : null}
      {replies.state === 'offline' ? <p class="hint">{t('replies.error-offline')}</p> : null}
      {/* Read only for a receipt that chose replies: the form's "if you chose not to get replies,
          none will come" does not apply. */}
      {replies.state === 'read' && replies.replies.length === 0 ? (
        <p class="hint" data-testid="receipt-no-replies">
          {t('receipts.no-replies-yet')}
        </p>
      ) : null}
      {replies.state === 'read' && replies.replies.length > 0 ? (
        <ol class="reply-list" data-testid="receipt-replies">
          {replies.replies.map((reply) => (
            <li key={reply.sentAt} class="reply">
              <p class="reply-meta">{formatDate(props.locale, reply.sentAt)}</p>
              <p class="reply-text">{reply.text}</p>
            </li>
          ))}
        </ol>
      ) : null}
      <div class="actions">
        {receipt.replies ? (
          <button type="button" class="secondary small" onClick={() => void read()}>
            {t('replies.check')}
          </button>
        ) : null}
        <button type="button" class="secondary small" onClick={() => props.onForget(receipt.code)}>
          {t('receipts.forget')}
        </button>
      </div>
    </li>
  );
}
