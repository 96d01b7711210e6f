import { useState } from 'preact/hooks';
import type { ReportContent } from '../../shared/domain/report.js';
import {
  allowedReferrals,
  buildReferral,
  referralText,
  type ReferralDocument,
} from '../../shared/staff/police-referral.js';
import type { StaffWorkspace } from '../../shared/staff/staff-workspace.js';
import { downloadText } from './download.js';
import { t } from './staff-i18n.js';

/**
 * Police referral: a button per kind the reporter agreed to, and none otherwise. The document
 * is rendered as text in the page (print) and saved as a plain-text file.
 */
export function ReferralPanel({
  workspace,
  report,
}: {
  workspace: StaffWorkspace;
  report: ReportContent;
}) {
  const kinds = allowedReferrals(report);
  const [includeNarrative, setIncludeNarrative] = useState(false);
  const [document, setDocument] = useState<ReferralDocument | null>(null);

  if (kinds.length === 0) {
    return (
      <section class="referral card">
        <h3>{t('referral.title')}</h3>
        <p data-testid="no-referral">{t('referral.no-consent')}</p>
      </section>
    );
  }

  async function prepare(kind: (typeof kinds)[number]) {
    const built = buildReferral(report, kind, workspace.scheme.name, { includeNarrative });
    if (!built.ok) return;
    setDocument(built.document);
    await workspace.record('police-referral', report.id);
  }

  return (
    <section class="referral card">
      <h3>{t('referral.title')}</h3>
      <label class="check">
        <input
          type="checkbox"
          checked={includeNarrative}
          onChange={(e) => setIncludeNarrative(e.currentTarget.checked)}
        />
        {t('referral.include-narrative')}
      </label>
      <div class="inline">
        {kinds.map((kind) => (
          <button
            key={kind}
            type="button"
            data-testid={`referral-${kind}`}
            onClick={() => void prepare(kind)}
          >
            {t(`referral.${kind}`)}
          </button>
        ))}
      </div>
      {document && (
        <article class="referral-document printable" data-testid="referral">
          <h4>{document.title}</h4>
          <p>
            {t('referral.from', { scheme: document.schemeName })} ·{' '}
            {new Date(document.generatedAt).toISOString().slice(0, 10)}
          </p>
          <p class="consent-statement">{document.consentStatement}</p>
          <dl>
            {document.fields.map((f) => (
              <div key={f.label} class="field">
                <dt>{f.label}</dt>
                <dd dir="auto">{f.value}</dd>
              </div>
            ))}
          </dl>
          <div class="inline no-print">
            <button type="button" onClick={() => window.print()}>
              {t('referral.print')}
            </button>
            <button
              type="button"
              data-testid="referral-file"
              onClick={() =>
                downloadText(`referral-${document.kind}.txt`, referralText(document), 'text/plain')
              }
            >
              {t('referral.save')}
            </button>
          </div>
        </article>
      )}
    </section>
  );
}
