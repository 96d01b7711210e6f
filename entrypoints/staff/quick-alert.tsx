import { useState } from 'preact/hooks';
import type { AlertContent } from '../../shared/domain/alert.js';
import { draftProblems } from '../../shared/staff/alert-draft.js';
import { describeAlert } from '../popup/describe-alert.js';
import { identifierText } from './identifier-text.js';
import { t } from './staff-i18n.js';

/** One alert as members will see it, with an optional description and the publish button. */
export function QuickAlert(props: {
  alert: AlertContent;
  action: string;
  testId: string;
  editable?: boolean;
  onPublish: (alert: AlertContent) => Promise<void>;
}) {
  const [description, setDescription] = useState(props.alert.description);
  const [busy, setBusy] = useState(false);
  const alert = { ...props.alert, description };
  const words = describeAlert(alert, 'en');
  const problems = draftProblems(alert);

  return (
    <article class="card quick-alert" data-testid="quick-alert">
      <p>
        <strong>{words.severity}</strong> · {words.what}
      </p>
      <p>
        {words.where} · {words.when}
      </p>
      {words.advice.length > 0 && <p>{words.advice.join(' ')}</p>}
      <p class="hint">
        <bdi>{alert.identifiers.map(identifierText).join(', ')}</bdi>
      </p>
      {props.editable ? (
        <label>
          {t('panel.description')}
          <textarea
            rows={2}
            maxLength={2000}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </label>
      ) : (
        description && (
          <p class="free-text">
            <span class="free-text-mark">{t('preview.free-text')}</span>
            {description}
          </p>
        )
      )}
      {problems.length > 0 && (
        <p class="error">{problems.map((p) => t(`problem.${p}`)).join(' ')}</p>
      )}
      <button
        type="button"
        class="primary"
        data-testid={props.testId}
        disabled={busy || problems.length > 0}
        onClick={() => {
          setBusy(true);
          void props.onPublish(alert).finally(() => setBusy(false));
        }}
      >
        {props.action}
      </button>
    </article>
  );
}
