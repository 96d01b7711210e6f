import { useEffect, useRef, useState } from 'preact/hooks';
import {
  LOCALES,
  LOCALE_NAMES,
  isLocale,
  isRtl,
  loadLocale,
  translate,
  type Locale,
} from '../i18n/index.js';
import type { DraftStore } from '../draft-store.js';
import type { ReportContent } from '../domain/report.js';
import { FormContextProvider, type FormContext } from './form-context.js';
import {
  STEPS,
  createFormState,
  withAnswer,
  withReport,
  type ConsentKey,
  type FormDraft,
} from './form-state.js';
import { laterViews } from './later-views.js';
import { listenForDoubleEscape } from './quick-exit.js';
import type { ReportConnection } from './report-connection.js';
import type { SchemeProblem } from './scheme-directory.js';
import { StepView } from './step-view.js';
import type { FieldProblem } from './validate.js';

/**
 * What the report form needs from its host (the widget, or the extension's report page): the
 * draft store at once, and the network side (report-connection.ts) whenever it has loaded.
 */
export interface ReportServices {
  drafts: DraftStore<FormDraft>;
  /** Loads the connection; called once, right after the first render. */
  connect: () => Promise<ReportConnection>;
}

/** The report form's props. */
export interface ReportFormProps {
  /** The scheme id the report goes to. */
  scheme: string;
  services: ReportServices;
  /** The language to start in (from the browser, or the host's choice). */
  initialLocale: Locale;
  /** Navigates away after the form has cleared itself (quick exit). */
  onQuickExit: () => void;
  /** Called when the reporter switches language (the host may mirror `lang`/`dir`). */
  onLocaleChange?: (locale: Locale) => void;
  /**
   * Called once a report is safely in the outbox. The widget ignores it (a receipt stored on a
   * shared device would let someone else read the replies); the extension keeps the worker's
   * own receipts.
   */
  onSubmitted?: (receipt: SubmittedReceipt) => void;
  /**
   * True when the host keeps the receipts it is given and lists them (the extension's report
   * page): the receipt screen then says where the code is kept, not that it cannot be shown again.
   */
  keepsReceipts?: boolean;
}

/** A sent report's receipt, as the host may keep it. */
export interface SubmittedReceipt {
  scheme: string;
  code: string;
  /** True when the reporter let the scheme reply. */
  replies: boolean;
  sentAt: number;
}

type Phase = 'loading' | 'form' | 'sending' | 'receipt' | 'replies' | 'exited';

interface Receipt {
  id: string;
  code: string;
  replies: boolean;
  delivered: boolean;
}

const SAVE_DELAY_MS = 400;

/**
 * The one report form, used by the embeddable widget and by the extension's report page. Short
 * steps with progress, a draft that survives a closed tab (encrypted at rest, and only once the
 * reporter has typed something), quick exit, an outbox that keeps retrying, and a receipt code.
 */
export function ReportForm(props: ReportFormProps) {
  const { scheme, services } = props;
  const slot = `report:${scheme}`;
  const [locale, setLocale] = useState<Locale>(props.initialLocale);
  const [phase, setPhase] = useState<Phase>('loading');
  const [form, setForm] = useState<FormDraft>(() => createFormState(scheme, props.initialLocale));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [restored, setRestored] = useState(false);
  const [schemeProblem, setSchemeProblem] = useState<SchemeProblem | null>(null);
  const [sendFailed, setSendFailed] = useState(false);
  const [forgetOnExit, setForgetOnExit] = useState(true);
  const [waiting, setWaiting] = useState(0);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [sentEarlier, setSentEarlier] = useState(false);
  const later = laterViews.use();

  const root = useRef<HTMLDivElement>(null);
  const focusStep = useRef(false);
  const dirty = useRef(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const connection = useRef<Promise<ReportConnection> | undefined>(undefined);
  const connected = useRef<ReportConnection | undefined>(undefined);
  // The latest values, for callbacks registered once (timers, key and page listeners).
  const latest = useRef({ form, phase, forgetOnExit });
  latest.current = { form, phase, forgetOnExit };

  const t = (key: string, vars?: Record<string, string | number>) => translate(locale, key, vars);
  const connect = () =>
    (connection.current ??= services.connect().catch((cause: unknown) => {
      // The chunk could not load (offline since the page opened): try again next time.
      connection.current = undefined;
      throw cause;
    }));

  // Start: the saved draft (if any), then the network side and the outbox's retry schedule.
  useEffect(() => {
    let live = true;
    let stop = () => {};
    let unsubscribe = () => {};
    const draftLoaded = services.drafts
      .load(slot)
      .catch(() => null)
      .then((draft) => {
        if (!live) return null;
        if (draft) {
          const restoredForm = createFormState(scheme, locale, draft.value);
          latest.current = { ...latest.current, form: restoredForm };
          setForm(restoredForm);
          setRestored(true);
        }
        setPhase('form');
        return draft;
      });
    connect().then(
      (ready) => {
        connected.current = ready;
        if (!live) return;
        void ready.checkScheme().then((problem) => live && setSchemeProblem(problem));
        unsubscribe = ready.outbox.subscribe((result) => {
          setWaiting(result.waiting);
          if (result.delivered.includes(latest.current.form.report.id)) forgetSentDraft(true);
          setReceipt((current) =>
            current && !current.delivered && result.delivered.includes(current.id)
              ? { ...current, delivered: true }
              : current,
          );
        });
        // A draft whose report already reached the outbox (the tab closed mid-send) is not
        // work in progress any more: the outbox sends it; the draft must not invite a resend.
        void Promise.all([draftLoaded, ready.outbox.waiting()]).then(([draft, queued]) => {
          if (live && draft && queued.some((e) => e.id === draft.value.report.id)) {
            forgetSentDraft(false);
          }
          stop = live ? ready.outbox.start() : stop;
        });
      },
      () => live && setSchemeProblem('offline'),
    );
    return () => {
      live = false;
      unsubscribe();
      stop();
    };
  }, []);

  /** Drops a restored draft whose report is already queued or delivered. */
  const forgetSentDraft = (delivered: boolean) => {
    if (latest.current.phase !== 'form' && latest.current.phase !== 'loading') return;
    clearTimeout(saveTimer.current);
    dirty.current = false;
    void services.drafts.clear(slot).catch(() => undefined);
    const fresh = createFormState(scheme, locale);
    latest.current = { ...latest.current, form: fresh };
    setForm(fresh);
    setRestored(false);
    setProblems([]);
    if (delivered) setSentEarlier(true);
  };

  const saveDraft = () => {
    clearTimeout(saveTimer.current);
    const current = latest.current;
    if (!dirty.current || (current.phase !== 'form' && current.phase !== 'sending')) {
      return Promise.resolve();
    }
    return services.drafts.save(slot, current.form).catch(() => undefined);
  };

  // Keep the draft while typing (debounced), and at once when the page is hidden or closed.
  useEffect(() => {
    if (!dirty.current || phase !== 'form') return;
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => void saveDraft(), SAVE_DELAY_MS);
  }, [form]);

  useEffect(() => {
    const hidden = () => {
      if (document.visibilityState === 'hidden') void saveDraft();
    };
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', hidden);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', hidden);
    };
  }, []);

  const quickExit = async () => {
    const current = latest.current;
    if (current.phase === 'exited') return;
    // Keep the latest words unless the reporter asked us to forget them; blank the screen now.
    const tidy = current.forgetOnExit ? services.drafts.clear(slot) : saveDraft();
    clearTimeout(saveTimer.current);
    latest.current = { ...current, phase: 'exited' };
    setPhase('exited');
    setForm(createFormState(scheme, locale));
    // Leave within a quarter of a second whatever storage does: the screen is already blank.
    await Promise.race([tidy.catch(() => undefined), new Promise((r) => setTimeout(r, 250))]);
    props.onQuickExit();
  };

  useEffect(() => listenForDoubleEscape(() => void quickExit()), []);

  // The quick-exit bar sticks to the top of the window; never let it cover the focused control
  // (WCAG 2.2, 2.4.11 Focus Not Obscured). The host page's scroll-padding is not ours to set.
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    const onFocus = (event: FocusEvent) => {
      const target = event.target as HTMLElement;
      const bar = element.querySelector('.exit-bar');
      if (!bar || bar.contains(target)) return;
      const covered = bar.getBoundingClientRect().bottom + 8 - target.getBoundingClientRect().top;
      if (covered > 0) window.scrollBy(0, -covered);
    };
    element.addEventListener('focusin', onFocus);
    return () => element.removeEventListener('focusin', onFocus);
  }, [phase === 'exited']);

  // After a move made by the reporter, focus the new step's heading (screen readers read it).
  useEffect(() => {
    if (!focusStep.current) return;
    focusStep.current = false;
    root.current?.querySelector<HTMLElement>('#step-heading, .receipt [role="status"]')?.focus();
  });

  const change = (next: (f: FormDraft) => FormDraft) => {
    dirty.current = true;
    const updated = next(latest.current.form);
    latest.current = { ...latest.current, form: updated };
    setForm(updated);
    // After a refused step, re-check as they type: a fixed problem disappears at once. (The
    // checks came with the later views, loaded before any problem could be shown.)
    const checks = laterViews.current();
    setProblems((shown) => {
      if (shown.length === 0 || !checks) return shown;
      const fields = new Set(shown.map((p) => p.field));
      const step = STEPS[updated.step]!;
      return checks
        .validateStep(step, updated.report, updated.answered, checks.localToday())
        .filter((p) => fields.has(p.field));
    });
  };

  const goTo = (step: number) => {
    setProblems([]);
    change((f) => ({ ...f, step: Math.min(Math.max(step, 0), STEPS.length - 1) }));
    focusStep.current = true;
  };

  const showProblems = (found: FieldProblem[]) => {
    setProblems(found);
    requestAnimationFrame(() => {
      const first = found[0] && root.current?.querySelector<HTMLElement>(`#${found[0].field}`);
      first?.focus();
    });
  };

  const next = async () => {
    const checks = laterViews.current() ?? (await laterViews.load());
    if (!checks) return; // Offline before the checks could load: stay on this step.
    const step = STEPS[form.step]!;
    const today = checks.localToday();
    const found = checks.validateStep(step, form.report, form.answered, today);
    if (found.length > 0) return showProblems(found);
    if (step !== 'review') return goTo(form.step + 1);

    const invalid = checks.validateReport(form.report, form.answered, today);
    if (invalid) {
      goTo(STEPS.indexOf(invalid.step));
      return showProblems(invalid.problems);
    }
    await send();
  };

  const send = async () => {
    setPhase('sending');
    latest.current = { ...latest.current, phase: 'sending' };
    setSendFailed(false);
    setSentEarlier(false);
    // The words are on disk before anything goes out, whatever happens to the tab next.
    await saveDraft();
    const report = { ...form.report, language: locale };
    const outcome = await connect()
      .then((ready) => ready.submit(report))
      .catch(() => null);
    if (!outcome?.ok) {
      if (outcome) setSchemeProblem(outcome.problem);
      setSendFailed(true);
      setPhase('form');
      return;
    }

    clearTimeout(saveTimer.current);
    dirty.current = false;
    await services.drafts.clear(slot).catch(() => undefined);
    props.onSubmitted?.({
      scheme,
      code: outcome.receiptCode,
      replies: report.consent.reply,
      sentAt: Date.now(),
    });
    setReceipt({
      id: report.id,
      code: outcome.receiptCode,
      replies: report.consent.reply,
      delivered: outcome.delivered,
    });
    setForm(createFormState(scheme, locale));
    setRestored(false);
    setPhase('receipt');
    focusStep.current = true;
  };

  const startAgain = async () => {
    dirty.current = false;
    clearTimeout(saveTimer.current);
    await services.drafts.clear(slot).catch(() => undefined);
    setForm(createFormState(scheme, locale));
    setRestored(false);
    setProblems([]);
  };

  const changeLocale = async (value: string) => {
    if (!isLocale(value)) return;
    await loadLocale(value, ['codes', 'form']);
    setLocale(value);
    props.onLocaleChange?.(value);
  };

  if (phase === 'exited') return <div class="exited" />;

  const context: FormContext = {
    form,
    locale,
    problems,
    t,
    goTo,
    update: (edit: (draft: ReportContent) => void) => change((f) => withReport(f, edit)),
    answer: (key: ConsentKey, yes: boolean) => change((f) => withAnswer(f, key, yes)),
  };
  const title =
    phase === 'receipt'
      ? // Offline the report waits in the outbox: the heading must not claim it was sent.
        receipt?.delivered
        ? 'receipt.title'
        : 'receipt.title-queued'
      : phase === 'replies'
        ? 'replies.title'
        : 'form.title';

  return (
    <div
      ref={root}
      class="report-form"
      lang={locale}
      dir={isRtl(locale) ? 'rtl' : 'ltr'}
      data-phase={phase}
    >
      <div class="exit-bar">
        <button
          type="button"
          class="quick-exit"
          onClick={() => void quickExit()}
          aria-describedby="quick-exit-hint"
          data-testid="quick-exit"
        >
          {t('form.quick-exit')}
        </button>
        {/* In the sticky bar, not below it: below, the bar slid over the select as a phone
            scrolled (user test), and here the language can be changed from anywhere. */}
        <div class="language">
          <label for="language">{t('form.language')}</label>
          <select
            id="language"
            value={locale}
            onChange={(e) => void changeLocale(e.currentTarget.value)}
            data-testid="language"
          >
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="exit-options">
        <p class="hint" id="quick-exit-hint">
          {t('form.quick-exit-hint')}
        </p>
        <div class="choice small">
          <input
            type="checkbox"
            id="forget-on-exit"
            checked={forgetOnExit}
            onChange={(e) => setForgetOnExit(e.currentTarget.checked)}
            data-testid="forget-on-exit"
          />
          <label for="forget-on-exit">{t('form.forget-on-exit')}</label>
        </div>
      </div>
      <h2 class="title">{t(title)}</h2>
      {waiting > 0 && phase !== 'receipt' ? (
        <p class="status waiting" role="status">
          {t('outbox.waiting', { count: waiting })}
        </p>
      ) : null}
      {sentEarlier && phase === 'form' ? (
        <p class="status ok" role="status" data-testid="sent-earlier">
          {t('outbox.sent-earlier')}
        </p>
      ) : null}
      {schemeProblem && schemeProblem !== 'offline' ? (
        <p class="status problem-banner" role="alert">
          {t('form.misconfigured')}
        </p>
      ) : null}
      {phase === 'loading' ? <p class="status">{t('form.loading')}</p> : null}
      {phase === 'form' || phase === 'sending' ? (
        <FormContextProvider.Provider value={context}>
          <StepView
            restored={restored}
            sending={phase === 'sending'}
            sendFailed={sendFailed}
            onNext={() => void next()}
            onStartAgain={() => void startAgain()}
            onReadReplies={() => setPhase('replies')}
          />
        </FormContextProvider.Provider>
      ) : null}
      {phase === 'receipt' && receipt && later ? (
        <later.ReceiptView
          locale={locale}
          code={receipt.code}
          replies={receipt.replies}
          delivered={receipt.delivered}
          kept={props.keepsReceipts === true}
          onNewReport={() => {
            setReceipt(null);
            setPhase('form');
            focusStep.current = true;
          }}
          onReadReplies={() => setPhase('replies')}
        />
      ) : null}
      {phase === 'replies' && later ? (
        <later.RepliesView
          locale={locale}
          initialCode={receipt?.code ?? ''}
          read={async (code) => (await connect()).readReplies(code)}
          schemeName={(id) => connected.current?.schemeName(id) ?? id}
          onBack={() => setPhase(receipt ? 'receipt' : 'form')}
        />
      ) : null}
    </div>
  );
}
