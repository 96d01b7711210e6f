import { useEffect, useState } from 'preact/hooks';
import type { AlertContent } from '../../shared/domain/alert.js';
import { ADVICE_CODES, INCIDENT_TYPES, SETTINGS, SEVERITIES } from '../../shared/domain/codes.js';
import {
  draftProblems,
  finaliseAlert,
  type UnreadIdentifier,
} from '../../shared/staff/alert-draft.js';
import { publishMessage } from '../../shared/staff/alert-publish.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { AlertPreview } from './alert-preview.js';
import { CodeChecks } from './code-checks.js';
import { IdentifierList } from './identifier-list.js';
import { RegionTags } from './region-tags.js';
import { code, t } from './staff-i18n.js';

/** Props of the alert editor. */
export interface AlertEditorProps {
  workspace: StaffWorkspace;
  initial: AlertContent;
  /** The report the draft came from; null for a correction of a published alert. */
  reportId: string | null;
  mode: 'new' | 'correct';
  unread?: UnreadIdentifier[];
  onDone: () => void;
}

/**
 * The alert editor: coded fields (each worker's extension renders them in its own language),
 * free text clearly marked as the scheme's own words, region tags and expiry; then a preview of
 * exactly what members will see, and only from the preview, publish.
 */
export function AlertEditor({
  workspace,
  initial,
  reportId,
  mode,
  unread = [],
  onDone,
}: AlertEditorProps) {
  const [draft, setDraft] = useState<AlertContent>(initial);
  const [step, setStep] = useState<'edit' | 'preview' | 'published'>('edit');
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  // Preview and back: each step opens at its top with its heading focused. Otherwise the page
  // keeps the form's scroll and a phone shows the bottom of the preview (user trial at 390 px).
  useEffect(() => {
    window.scrollTo(0, 0);
    document.getElementById(step === 'preview' ? 'preview-title' : 'editor-title')?.focus({
      preventScroll: true,
    });
  }, [step]);

  const update = (patch: Partial<AlertContent>) => {
    setDraft({ ...draft, ...patch });
    setSaved(false);
  };
  function preview() {
    const found = draftProblems(draft);
    setProblems(found.map((p) => t(`problem.${p}`)));
    if (found.length === 0) setStep('preview');
  }

  async function saveDraft() {
    if (!reportId) return;
    // Saved to the staff journal, which is also the audit entry.
    await workspace.drafts.save({ alert: draft, reportId, savedAt: Date.now() });
    setSaved(true);
  }

  async function publish() {
    setBusy(true);
    setError('');
    try {
      await publishMessage(workspace.relay, workspace.session.secrets, finaliseAlert(draft));
      await workspace.record(mode === 'new' ? 'publish-alert' : 'correct-alert', draft.id);
      await workspace.drafts.remove(draft.id);
      if (reportId) {
        await workspace.inbox.update(reportId, { status: 'alerted' });
        await workspace.relay
          .ackReports(workspace.session.secrets, [reportId])
          .catch(() => undefined);
        // Alerted: the identifiers are public to members now; the blind tokens are withdrawn.
        await workspace.matcher.withdraw(reportId);
      }
      void workspace.alertFeed(true).catch(() => undefined);
      setStep('published');
    } catch {
      setError(t('editor.publish-failed'));
    } finally {
      setBusy(false);
    }
  }

  if (step === 'published') {
    return (
      <section class="card published" role="status">
        <p data-testid="published">{t(mode === 'new' ? 'editor.published' : 'editor.corrected')}</p>
        <button type="button" onClick={onDone}>
          {t('editor.back-to-inbox')}
        </button>
      </section>
    );
  }

  if (step === 'preview') {
    return (
      <section class="editor">
        <AlertPreview alert={finaliseAlert(draft)} />
        <div class="inline">
          <button type="button" onClick={() => setStep('edit')}>
            {t('editor.back-to-edit')}
          </button>
          <button
            type="button"
            class="primary"
            data-testid="publish-alert"
            disabled={busy}
            onClick={() => void publish()}
          >
            {t(mode === 'new' ? 'editor.publish' : 'editor.publish-correction')}
          </button>
        </div>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
      </section>
    );
  }

  return (
    <form class="editor card" onSubmit={(e) => (e.preventDefault(), preview())}>
      <h2 id="editor-title" tabIndex={-1}>
        {t(mode === 'new' ? 'editor.title' : 'editor.correct-title')}
      </h2>
      <p class="hint">{t('editor.hint')}</p>

      <CodeChecks
        legend={t('editor.incident-types')}
        codes={INCIDENT_TYPES}
        chosen={draft.incidentTypes}
        label={(type) => code(`incident.${type}`)}
        onChange={(incidentTypes) => update({ incidentTypes })}
      />

      <div class="grid">
        <label>
          {t('editor.severity')}
          <select
            data-testid="alert-severity"
            value={draft.severity}
            onChange={(e) =>
              update({ severity: e.currentTarget.value as AlertContent['severity'] })
            }
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {code(`severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('editor.setting')}
          <select
            value={draft.setting}
            onChange={(e) => update({ setting: e.currentTarget.value as AlertContent['setting'] })}
          >
            <option value="">{t('editor.not-given')}</option>
            {SETTINGS.map((s) => (
              <option key={s} value={s}>
                {code(`setting.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('editor.area')}
          <input
            data-testid="alert-area"
            maxLength={200}
            value={draft.area}
            onInput={(e) => update({ area: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('editor.date')}
          <input
            type="date"
            value={draft.incidentDate}
            onInput={(e) => update({ incidentDate: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('editor.expires')}
          <input
            type="date"
            data-testid="alert-expiry"
            value={new Date(draft.expiresAt).toISOString().slice(0, 10)}
            onInput={(e) => {
              const day = Date.parse(`${e.currentTarget.value}T23:59:59Z`);
              if (Number.isFinite(day)) update({ expiresAt: day });
            }}
          />
        </label>
      </div>

      <RegionTags
        offered={workspace.scheme.regions}
        chosen={draft.regions}
        onChange={(regions) => update({ regions })}
      />

      <IdentifierList
        identifiers={draft.identifiers}
        unread={unread}
        onChange={(identifiers) => update({ identifiers })}
      />

      <CodeChecks
        legend={t('editor.advice')}
        codes={ADVICE_CODES}
        chosen={draft.advice}
        label={(advice) => code(`advice.${advice}`)}
        onChange={(advice) => update({ advice })}
      />

      <label class="free-text-field">
        <span>
          {t('editor.description')} <em class="free-text-mark">{t('editor.free-text')}</em>
        </span>
        <textarea
          data-testid="alert-advice-text"
          rows={4}
          maxLength={2000}
          value={draft.description}
          onInput={(e) => update({ description: e.currentTarget.value })}
        />
      </label>
      <p class="hint">{t('editor.description-hint')}</p>

      {problems.length > 0 && (
        <ul role="alert" class="error">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <div class="inline">
        {reportId && mode === 'new' && (
          <button type="button" data-testid="save-draft" onClick={() => void saveDraft()}>
            {saved ? t('editor.draft-saved') : t('editor.save-draft')}
          </button>
        )}
        <button type="submit" class="primary" data-testid="preview-alert">
          {t('editor.preview')}
        </button>
        <button type="button" onClick={onDone}>
          {t('editor.cancel')}
        </button>
      </div>
    </form>
  );
}
