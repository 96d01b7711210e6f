import { displayText } from '../text/index.js';
import { useRef, useState } from 'preact/hooks';
import { formatDate, translate, type Locale } from '../i18n/index.js';
import type { Reply } from '../protocol/receipt.js';
import type { RepliesResult } from './read-replies.js';

/** What the replies screen needs. */
export interface RepliesViewProps {
  locale: Locale;
  /** Reads the replies for a typed code (read-replies.ts bound to the relay and directory). */
  read: (code: string) => Promise<RepliesResult>;
  /** The scheme's display name for a scheme id. */
  schemeName: (scheme: string) => string;
  onBack: () => void;
  /** The code to start with (the one just shown on the receipt), or empty. */
  initialCode?: string;
}

/** "I have a receipt code": type the code, read the scheme's replies. */
export function RepliesView(props: RepliesViewProps) {
  const t = (key: string, vars?: Record<string, string | number>) =>
    translate(props.locale, key, vars);
  const [code, setCode] = useState(props.initialCode ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [replies, setReplies] = useState<Reply[] | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const result = await props.read(code);
    setBusy(false);
    if (result.ok) {
      setProblem(null);
      setReplies(result.replies);
      return;
    }

    setReplies(null);
    setProblem(`replies.error-${result.problem}`);
    input.current?.focus();
  };

  return (
    <div class="replies">
      <form onSubmit={submit} noValidate>
        <div class={problem ? 'field has-problem' : 'field'}>
          <label for="receipt-input">{t('replies.code')}</label>
          <p id="receipt-input-hint" class="hint">
            {t('replies.code-hint')}
          </p>
          <p id="receipt-input-problem" class="problem" role="alert">
            {problem ? t(problem) : ''}
          </p>
          <input
            id="receipt-input"
            ref={input}
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
            autoComplete="off"
            spellcheck={false}
            autoCapitalize="characters"
            dir="ltr"
            aria-invalid={problem ? 'true' : undefined}
            aria-describedby="receipt-input-problem receipt-input-hint"
            data-testid="receipt-input"
          />
        </div>
        <div class="actions">
          <button type="submit" disabled={busy} data-testid="read-replies">
            {t('replies.check')}
          </button>
          <button type="button" class="secondary" onClick={props.onBack}>
            {t('replies.back')}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {replies === null ? null : replies.length === 0 ? (
          <p class="status" data-testid="replies-none">
            {t('replies.none')}
          </p>
        ) : (
          <ol class="reply-list" data-testid="replies">
            {replies.map((reply) => (
              <li key={reply.sentAt} class="reply">
                <p class="reply-meta">
                  {t('replies.from', {
                    scheme: props.schemeName(reply.scheme),
                    date: formatDate(props.locale, reply.sentAt),
                  })}
                </p>
                <p class="reply-text" dir="auto">
                  {displayText(reply.text)}
                </p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
