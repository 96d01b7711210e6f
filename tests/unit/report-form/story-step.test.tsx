// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportContent } from '../../../shared/domain/report.js';
import { FormContextProvider, type FormContext } from '../../../shared/report-form/form-context.js';
import { createFormState } from '../../../shared/report-form/form-state.js';
import { StoryStep } from '../../../shared/report-form/steps/story-step.js';

let container: HTMLElement;

afterEach(() => {
  render(null, container);
  container.remove();
});

/** Renders the story step with a narrative of `length` characters; edits re-render it. */
function mountStory(length: number) {
  const form = createFormState('north-east', 'en');
  form.report.narrative = 'a'.repeat(length);
  container = document.createElement('div');
  document.body.append(container);
  const draw = () =>
    render(
      <FormContextProvider.Provider value={context()}>
        <StoryStep />
      </FormContextProvider.Provider>,
      container,
    );
  const context = (): FormContext => ({
    form,
    locale: 'en',
    problems: [],
    t: (key, vars) => (vars ? `${key} ${JSON.stringify(vars)}` : key),
    update: (edit: (draft: ReportContent) => void) => {
      edit(form.report);
      draw();
    },
    answer: () => {},
    goTo: () => {},
  });
  act(draw); // Runs the effects too (the field listens for beforeinput from one).
  const area = container.querySelector('textarea')!;
  const alert = () => container.querySelector<HTMLElement>('[data-testid="narrative-alert"]')!;
  const note = () => container.querySelector('.note')?.textContent ?? null;
  return { area, alert, note, narrative: () => form.report.narrative };
}

const LIMIT = 20_000;

/** What the browser does with an insertion into a maxLength field: cuts it to the room left. */
function insertCut(area: HTMLTextAreaElement, text: string) {
  const start = area.selectionStart ?? area.value.length;
  const end = area.selectionEnd ?? area.value.length;
  const room = LIMIT - (area.value.length - (end - start));
  area.value =
    area.value.slice(0, start) + text.slice(0, Math.max(room, 0)) + area.value.slice(end);
  return text.slice(0, Math.max(room, 0));
}

/** The beforeinput a browser fires with the whole text, then (if anything fitted) the input. */
async function insert(area: HTMLTextAreaElement, inputType: string, text: string, drop = false) {
  const before = new InputEvent('beforeinput', {
    bubbles: true,
    cancelable: true,
    inputType,
    data: drop ? null : text,
  });
  if (drop) {
    Object.defineProperty(before, 'dataTransfer', { value: { getData: () => text } });
  }
  await act(() => void area.dispatchEvent(before));
  const length = area.value.length;
  const kept = insertCut(area, text);
  if (area.value.length === length && kept === '') return; // Nothing fitted: no input event.
  await act(() => void area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType })));
}

/** A paste of `text`: the paste event, then the insertion (Chromium's order). */
async function paste(area: HTMLTextAreaElement, text: string) {
  const event = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', { value: { getData: () => text } });
  await act(() => void area.dispatchEvent(event));
  await insert(area, 'insertFromPaste', text);
}

/** A script that sets the value (past maxLength, which only limits the reporter) and says so. */
async function scriptSets(area: HTMLTextAreaElement, value: string) {
  area.value = value;
  await act(() => void area.dispatchEvent(new Event('input', { bubbles: true })));
}

/** document.execCommand('insertText'): cut to the limit, an input event and no beforeinput. */
async function execInsert(area: HTMLTextAreaElement, text: string) {
  insertCut(area, text);
  await act(
    () =>
      void area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' })),
  );
}

/** The reporter types `text` one key at a time. */
async function type(area: HTMLTextAreaElement, text: string) {
  for (const key of text) await insert(area, 'insertText', key);
}

function atEnd(area: HTMLTextAreaElement) {
  area.setSelectionRange(area.value.length, area.value.length);
}

describe('StoryStep', () => {
  it('shows the count from 2,000 characters before the limit', () => {
    expect(mountStory(17_999).note()).toBeNull();
    render(null, container);
    container.remove();
    expect(mountStory(18_001).note()).toBe('story.count {"count":1999}');
  });

  it('says plainly when a paste was cut, and stops once the text is shorter', async () => {
    const { area, alert } = mountStory(19_990);
    atEnd(area);
    await paste(area, 'b'.repeat(50));
    expect(alert().hidden).toBe(false);
    expect(alert().getAttribute('role')).toBe('alert');
    expect(alert().textContent).toBe('story.cut');
    expect(area.value).toHaveLength(LIMIT);

    area.value = area.value.slice(0, 19_000);
    await act(() => void area.dispatchEvent(new Event('input', { bubbles: true })));
    expect(alert().hidden).toBe(true);
  });

  it.each([
    ['a drop', (area: HTMLTextAreaElement) => insert(area, 'insertFromDrop', 'd'.repeat(50), true)],
    ['an input method', (area: HTMLTextAreaElement) => insert(area, 'insertText', 'i'.repeat(50))],
    [
      'execCommand (no beforeinput)',
      (area: HTMLTextAreaElement) => execInsert(area, 'e'.repeat(50)),
    ],
    [
      'autofill (a plain input event)',
      async (area: HTMLTextAreaElement) => {
        insertCut(area, 'f'.repeat(50));
        await act(() => void area.dispatchEvent(new Event('input', { bubbles: true })));
      },
    ],
  ])('says so when %s was cut, with no paste event', async (_, arrive) => {
    const { area, alert } = mountStory(19_990);
    atEnd(area);
    await arrive(area);
    expect(area.value).toHaveLength(LIMIT);
    expect(alert().hidden).toBe(false);
  });

  it('cuts a value a script set past the limit, keeps its start, and says so', async () => {
    const { area, alert, narrative } = mountStory(0);
    await scriptSets(area, 'start ' + 's'.repeat(LIMIT));
    expect(alert().hidden).toBe(false);
    expect(area.value).toHaveLength(LIMIT);
    expect(narrative()).toHaveLength(LIMIT);
    expect(narrative().startsWith('start ')).toBe(true);
  });

  it('says nothing when a paste fits, even one that replaces a selection', async () => {
    const { area, alert } = mountStory(19_990);
    area.setSelectionRange(0, 100);
    await paste(area, 'c'.repeat(100));
    expect(alert().hidden).toBe(true);
    expect(area.value).toHaveLength(19_990);
  });

  it('says nothing when an insertion fills the field to exactly the limit', async () => {
    const { area, alert } = mountStory(19_990);
    atEnd(area);
    await insert(area, 'insertText', 'x'.repeat(10));
    expect(area.value).toHaveLength(LIMIT);
    expect(alert().hidden).toBe(true);
  });

  it('says nothing while the reporter types up to the limit and on past it', async () => {
    const { area, alert } = mountStory(19_995);
    atEnd(area);
    await type(area, 'typing on');
    expect(area.value).toHaveLength(LIMIT);
    expect(alert().hidden).toBe(true);

    // A key pressed at the limit leaves a beforeinput with no input; a later script is judged
    // on its own.
    await scriptSets(area, area.value.slice(0, 19_999) + 'z');
    expect(alert().hidden).toBe(true);
  });
});
