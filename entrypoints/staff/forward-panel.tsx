import { useState } from 'preact/hooks';
import type { ReportContent } from '../../shared/domain/report.js';
import { forwardReport, forwardTargets } from '../../shared/staff/forward-report.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { t } from './staff-i18n.js';

/** Forward to another scheme: offered only when the reporter agreed to other schemes seeing it. */
export function ForwardPanel({
  workspace,
  report,
}: {
  workspace: StaffWorkspace;
  report: ReportContent;
}) {
  const targets = forwardTargets(workspace.directory.schemes, workspace.scheme.id);
  const [target, setTarget] = useState(targets[0]?.id ?? '');
  const [state, setState] = useState<'idle' | 'busy' | 'done' | 'failed'>('idle');

  if (!report.consent.otherSchemes) {
    return (
      <section class="forward card">
        <h3>{t('forward.title')}</h3>
        <p data-testid="no-forward">{t('forward.no-consent')}</p>
      </section>
    );
  }

  async function forward() {
    const scheme = targets.find((s) => s.id === target);
    if (!scheme) return;
    setState('busy');
    try {
      const result = await forwardReport(workspace.relay, report, scheme);
      if (!result.ok) return setState('failed');
      await workspace.record('forward-report', report.id);
      setState('done');
    } catch {
      setState('failed');
    }
  }

  return (
    <section class="forward card">
      <h3>{t('forward.title')}</h3>
      {targets.length === 0 ? (
        <p>{t('forward.no-targets')}</p>
      ) : (
        <div class="inline">
          <label>
            {t('forward.to')}
            <select
              data-testid="forward-target"
              value={target}
              onChange={(e) => setTarget(e.currentTarget.value)}
            >
              {targets.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            data-testid="forward"
            disabled={state === 'busy'}
            onClick={() => void forward()}
          >
            {t('forward.button')}
          </button>
        </div>
      )}
      {state === 'done' && (
        <p role="status" data-testid="forwarded">
          {t('forward.done')}
        </p>
      )}
      {state === 'failed' && (
        <p role="alert" class="error">
          {t('forward.failed')}
        </p>
      )}
    </section>
  );
}
