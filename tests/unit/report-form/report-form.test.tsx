// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDraftStore } from '../../../shared/draft-store.js';
import { ReportForm, createFormState, type FormDraft } from '../../../shared/report-form/index.js';
import type { ReportConnection } from '../../../shared/report-form/connection.js';

let count = 0;
let container: HTMLElement;

afterEach(() => {
  render(null, container);
  container.remove();
});

/** A connection that never goes online (the form must work without it). */
const neverConnected = () => new Promise<ReportConnection>(() => {});

async function mount(
  drafts = createDraftStore<FormDraft>({ dbName: `form-${++count}` }),
  connect: () => Promise<ReportConnection> = neverConnected,
) {
  container = document.createElement('div');
  document.body.append(container);
  const onQuickExit = vi.fn();
  await act(async () => {
    render(
      <ReportForm
        scheme="north-east"
        services={{ drafts, connect }}
        initialLocale="en"
        onQuickExit={onQuickExit}
      />,
      container,
    );
  });
  await waitFor(() => container.querySelector('[data-testid="next"]'));
  return { onQuickExit, drafts };
}

async function waitFor<T>(find: () => T | null | undefined, timeout = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() - started > timeout) throw new Error('waitFor timed out');
    await act(() => new Promise((r) => setTimeout(r, 10)));
  }
}

const byTestId = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);

describe('ReportForm', () => {
  it('labels every control of the first step', async () => {
    await mount();
    const inputs = [...container.querySelectorAll('input, select, textarea')];
    expect(inputs.length).toBeGreaterThan(14);
    for (const input of inputs) {
      expect(container.querySelector(`label[for="${input.id}"]`), input.id).not.toBeNull();
    }
  });

  it('refuses to move on without an incident type, saying what to do', async () => {
    await mount();
    await act(() => byTestId('next')!.click());
    const summary = await waitFor(() => container.querySelector('[role="alert"] li'));
    expect(summary.textContent).toContain('Choose at least one thing that happened');
    expect(container.querySelector('#incidentTypes')!.getAttribute('aria-describedby')).toBe(
      'incidentTypes-problem',
    );

    await act(() => (byTestId('incident-robbery') as HTMLInputElement).click());
    expect(container.querySelector('[role="alert"] li')).toBeNull(); // Fixed: gone at once.
    await act(() => byTestId('next')!.click());
    await waitFor(() => byTestId('step-heading')?.textContent?.includes('Step 2 of 7'));
  });

  it('quick exit blanks the form and hands over to the host after Escape twice', async () => {
    const { onQuickExit } = await mount();
    await act(() => (byTestId('incident-threats') as HTMLInputElement).click());
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(onQuickExit).not.toHaveBeenCalled();
    await act(async () => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    });
    expect(container.querySelector('input')).toBeNull();
    await waitFor(() => onQuickExit.mock.calls.length > 0);
  });

  it('brings back a saved draft with a way to start again', async () => {
    const drafts = createDraftStore<FormDraft>({ dbName: `form-${++count}` });
    await mount(drafts);
    await act(() => (byTestId('incident-kidnap') as HTMLInputElement).click());
    // The save is debounced: wait until the draft is stored, however slow the machine.
    let saved: unknown = null;
    for (let i = 0; i < 500 && !saved; i++) {
      await act(() => new Promise((r) => setTimeout(r, 20)));
      saved = await drafts.load('report:north-east');
    }
    expect(saved).not.toBeNull();
    render(null, container);
    container.remove();

    await mount(drafts);
    await waitFor(() => byTestId('start-again'));
    expect((byTestId('incident-kidnap') as HTMLInputElement).checked).toBe(true);
    await act(() => byTestId('start-again')!.click());
    await waitFor(() => !byTestId('start-again'));
    expect((byTestId('incident-kidnap') as HTMLInputElement).checked).toBe(false);
    expect(await drafts.load('report:north-east')).toBeNull();
  });

  it('drops a restored draft whose report is already waiting in the outbox', async () => {
    const drafts = createDraftStore<FormDraft>({ dbName: `form-${++count}` });
    const form = createFormState('north-east', 'en');
    await drafts.save('report:north-east', form);
    const outbox = {
      waiting: async () => [{ id: form.report.id }],
      subscribe: () => () => {},
      start: () => () => {},
    };
    const connection = { outbox, checkScheme: async () => null } as unknown as ReportConnection;

    await mount(drafts, async () => connection);
    let stored: unknown = 'not checked';
    for (let i = 0; i < 100 && stored !== null; i++) {
      await act(() => new Promise((r) => setTimeout(r, 10)));
      stored = await drafts.load('report:north-east');
    }
    expect(stored).toBeNull();
    expect(byTestId('start-again')).toBeNull();
  });
});
