import { useState } from 'preact/hooks';
import type { ReportContent } from '../../shared/domain/report.js';
import { canReply, replyToReporter } from '../../shared/staff/report-reply.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { t } from './staff-i18n.js';

/** A reply to the reporter through their receipt, when they asked to hear back. */
export function ReplyPanel({
  workspace,
  report,
}: {
  workspace: StaffWorkspace;
  report: ReportContent;
}) {
  const [text, setText] = useState('');
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'failed'>('idle');

  if (!canReply(report)) {
    return (
      <section class="reply card">
        <h3>{t('reply.title')}</h3>
        <p data-testid="no-reply">{t('reply.no-consent')}</p>
      </section>
    );
  }

  async function send(event: Event) {
    event.preventDefault();
    setState('busy');
    try {
      const result = await replyToReporter(
        workspace.relay,
        workspace.session.secrets,
        report,
        text,
      );
      if (!result.ok) return setState('failed');
      await workspace.record('reply', report.id);
      setText('');
      setState('done');
    } catch {
      setState('failed');
    }
  }

  return (
    <form class="reply card" onSubmit={send}>
      <h3>{t('reply.title')}</h3>
      <label>
        {t('reply.label')}
        <textarea
          data-testid="reply-text"
          rows={4}
          maxLength={4000}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <p class="hint">{t('reply.hint')}</p>
      <button type="submit" data-testid="send-reply" disabled={state === 'busy' || !text.trim()}>
        {t('reply.button')}
      </button>
      {state === 'done' && (
        <p role="status" data-testid="replied">
          {t('reply.done')}
        </p>
      )}
      {state === 'failed' && (
        <p role="alert" class="error">
          {t('reply.failed')}
        </p>
      )}
    </form>
  );
}
