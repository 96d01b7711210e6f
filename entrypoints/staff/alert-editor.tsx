import { useState } from 'preact/hooks';
import type { AlertContent } from '../../shared/domain/alert.js';
import {
  ADVICE_CODES,
  IDENTIFIER_KINDS,
  INCIDENT_TYPES,
  SETTINGS,
  SEVERITIES,
  type IdentifierKind,
} from '../../shared/domain/codes.js';
import { readIdentifierAs } from '../../shared/identifiers/index.js';
import {
  draftProblems,
  finaliseAlert,
  type UnreadIdentifier,
} from '../../shared/staff/alert-draft.js';
import { publishMessage } from '../../shared/staff/alert-publish.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { AlertPreview } from './alert-preview.js';
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
  const [newKind, setNewKind] = useState<IdentifierKind>('phone');
  const [newValue, setNewValue] = useState('');
  const [newRegion, setNewRegion] = useState('');
  const [busy, setBusy] = useState(false);

  const update = (patch: Partial<AlertContent>) => {
    setDraft({ ...draft, ...patch });
    setSaved(false);
  };
  const toggle = <T extends string>(list: readonly T[], value: T, on: boolean): T[] =>
    on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);

  function addIdentifier() {
    const reading = readIdentifierAs(newKind, newValue);
    if (!reading.ok) return setError(t('editor.identifier-unread'));
    setError('');
    const exists = draft.identifiers.some(
      (i) => i.kind === reading.identifier.kind && i.value === reading.identifier.value,
    );
    if (!exists) update({ identifiers: [...draft.identifiers, reading.identifier] });
    setNewValue('');
  }

  function preview() {
    const found = draftProblems(draft);
    setProblems(found.map((p) => t(`problem.${p}`)));
    if (found.length === 0) setStep('preview');
  }

  async function saveDraft() {
    if (!reportId) return;
    await workspace.drafts.save({ alert: draft, reportId, savedAt: Date.now() });
    await workspace.record('save-draft', draft.id);
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

  const regions = [...new Set([...workspace.scheme.regions, ...draft.regions])];
  return (
    <form class="editor card" onSubmit={(e) => (e.preventDefault(), preview())}>
      <h2>{t(mode === 'new' ? 'editor.title' : 'editor.correct-title')}</h2>
      <p class="hint">{t('editor.hint')}</p>

      <fieldset>
        <legend>{t('editor.incident-types')}</legend>
        <div class="checks">
          {INCIDENT_TYPES.map((type) => (
            <label key={type} class="check">
              <input
                type="checkbox"
                checked={draft.incidentTypes.includes(type)}
                onChange={(e) =>
                  update({
                    incidentTypes: toggle(draft.incidentTypes, type, e.currentTarget.checked),
                  })
                }
              />
              {code(`incident.${type}`)}
            </label>
          ))}
        </div>
      </fieldset>

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

      <fieldset data-testid="alert-regions">
        <legend>{t('editor.regions')}</legend>
        <div class="checks">
          {regions.map((region) => (
            <label key={region} class="check">
              <input
                type="checkbox"
                data-testid="alert-region"
                value={region}
                checked={draft.regions.includes(region)}
                onChange={(e) =>
                  update({ regions: toggle(draft.regions, region, e.currentTarget.checked) })
                }
              />
              {region}
            </label>
          ))}
        </div>
        <div class="inline">
          <label>
            {t('editor.add-region')}
            <input
              maxLength={60}
              value={newRegion}
              onInput={(e) => setNewRegion(e.currentTarget.value)}
            />
          </label>
          <button
            type="button"
            disabled={!newRegion.trim()}
            onClick={() => {
              update({ regions: toggle(draft.regions, newRegion.trim(), true) });
              setNewRegion('');
            }}
          >
            {t('editor.add')}
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('editor.identifiers')}</legend>
        <p class="hint">{t('editor.identifiers-hint')}</p>
        {unread.length > 0 && <p class="warning">{t('editor.unread', { count: unread.length })}</p>}
        <ul class="identifiers">
          {draft.identifiers.map((identifier) => (
            <li key={`${identifier.kind}:${identifier.value}`} data-testid="alert-identifier">
              <span>{code(`identifier.${identifier.kind}`)}: </span>
              <bdi>{identifier.value}</bdi>
              <button
                type="button"
                onClick={() =>
                  update({ identifiers: draft.identifiers.filter((i) => i !== identifier) })
                }
              >
                {t('editor.remove')}
              </button>
            </li>
          ))}
        </ul>
        <div class="inline">
          <label>
            {t('editor.kind')}
            <select
              value={newKind}
              onChange={(e) => setNewKind(e.currentTarget.value as IdentifierKind)}
            >
              {IDENTIFIER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {code(`identifier.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('editor.value')}
            <input value={newValue} onInput={(e) => setNewValue(e.currentTarget.value)} />
          </label>
          <button type="button" disabled={!newValue.trim()} onClick={addIdentifier}>
            {t('editor.add')}
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('editor.advice')}</legend>
        <div class="checks">
          {ADVICE_CODES.map((advice) => (
            <label key={advice} class="check">
              <input
                type="checkbox"
                checked={draft.advice.includes(advice)}
                onChange={(e) =>
                  update({ advice: toggle(draft.advice, advice, e.currentTarget.checked) })
                }
              />
              {code(`advice.${advice}`)}
            </label>
          ))}
        </div>
      </fieldset>

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
