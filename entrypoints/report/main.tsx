import { render } from 'preact';
import { useState } from 'preact/hooks';
import { createDraftStore } from '../../shared/draft-store.js';
import {
  isRtl,
  loadLocale,
  pickLocale,
  isLocale,
  translate,
  type Locale,
} from '../../shared/i18n/index.js';
import { resolveNetwork } from '../../shared/network-config.js';
import { createRelayClient } from '../../shared/relay-client.js';
import {
  DEFAULT_EXIT_URL,
  REPORT_FORM_CSS,
  ReportForm,
  type FormDraft,
  type SubmittedReceipt,
} from '../../shared/report-form/index.js';
import {
  createReportConnection,
  type ReportConnection,
} from '../../shared/report-form/connection.js';
import { memberState } from '../popup/member-storage.js';
import { addReceipt, forgetReceipt, loadReceipts } from './receipt-store.js';
import { ReceiptsPanel } from './receipts-panel.js';

/**
 * The extension's report page (report.html): the same report form as the widget, through the
 * same outbox code, to the worker's own scheme; below it, the worker's receipts and the
 * scheme's replies. Rendered in a shadow root with the form's own stylesheet, exactly as the
 * widget is, so the extension's other styles cannot change it.
 */
async function main() {
  const [settings, membership, stored] = await Promise.all([
    memberState.settings(),
    memberState.membership(),
    memberState.network(),
  ]);
  const locale: Locale = isLocale(settings.locale)
    ? settings.locale
    : pickLocale(navigator.languages ?? []);
  await loadLocale(locale, settings.discreet ? ['codes', 'form', 'extension'] : ['codes', 'form']);
  document.documentElement.lang = locale;
  document.documentElement.dir = isRtl(locale) ? 'rtl' : 'ltr';
  // The tab's title stays in the browser's history: in discreet mode, the neutral name.
  document.title = translate(locale, settings.discreet ? 'ext.discreet.name' : 'form.title');

  const app = document.getElementById('app')!;
  const shadow = app.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(REPORT_FORM_CSS + PAGE_CSS);
  shadow.adoptedStyleSheets = [sheet];

  const network = resolveNetwork(stored);
  if (!network || !membership) {
    // Reporting needs a scheme: the worker joins one in onboarding first.
    const note = document.createElement('p');
    note.className = 'report-form';
    note.setAttribute('role', 'alert');
    note.textContent = translate(locale, 'receipts.join-first');
    shadow.append(note);
    return;
  }

  const relay = createRelayClient(network.relayUrl);
  let connection: ReportConnection | undefined;
  const connect = async () =>
    (connection ??= createReportConnection({
      relay,
      rootKey: network.rootKey,
      scheme: membership.scheme,
      cache: window.localStorage,
    }));
  const services = { drafts: createDraftStore<FormDraft>(), connect };
  render(
    <ReportPage
      scheme={membership.scheme}
      services={services}
      locale={locale}
      receipts={await loadReceipts()}
    />,
    shadow,
  );
}

function ReportPage(props: {
  scheme: string;
  services: {
    drafts: ReturnType<typeof createDraftStore<FormDraft>>;
    connect: () => Promise<ReportConnection>;
  };
  locale: Locale;
  receipts: SubmittedReceipt[];
}) {
  const [receipts, setReceipts] = useState(props.receipts);
  const [locale, setLocale] = useState(props.locale);
  const keep = async (receipt: SubmittedReceipt) => {
    await addReceipt(receipt);
    setReceipts(await loadReceipts());
  };
  const forget = async (code: string) => {
    await forgetReceipt(code);
    setReceipts(await loadReceipts());
  };

  return (
    <>
      <ReportForm
        scheme={props.scheme}
        services={props.services}
        initialLocale={props.locale}
        onLocaleChange={(next) => {
          setLocale(next);
          document.documentElement.lang = next;
          document.documentElement.dir = isRtl(next) ? 'rtl' : 'ltr';
        }}
        onSubmitted={(receipt) => void keep(receipt)}
        keepsReceipts
        onQuickExit={() => window.location.replace(DEFAULT_EXIT_URL)}
      />
      <div class="report-form" lang={locale} dir={isRtl(locale) ? 'rtl' : 'ltr'}>
        <ReceiptsPanel
          locale={locale}
          receipts={receipts}
          connection={props.services.connect}
          onForget={(code) => void forget(code)}
        />
      </div>
    </>
  );
}

// Page-only additions to the form's sheet: the receipts list under the form.
const PAGE_CSS = `
.receipts ul { list-style: none; padding: 0; margin: 0; }
.receipt-row { border-top: 1px solid #d0d0d8; padding: 0.5em 0; }
.receipt-row code { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 700; }
`;

void main();
