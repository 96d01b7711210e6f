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
  draw();
  const area = container.querySelector('textarea')!;
  const alert = () => container.querySelector<HTMLElement>('[data-testid="narrative-alert"]')!;
  const note = () => container.querySelector('.note')?.textContent ?? null;
  return { area, alert, note };
}

/** A paste of `text`, then the input the browser fires with what it kept (cut to maxLength). */
async function paste(area: HTMLTextAreaElement, text: string) {
  const event = new Event('paste', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'clipboardData', { value: { getData: () => text } });
  await act(() => void area.dispatchEvent(event));
  const start = area.selectionStart ?? area.value.length;
  const end = area.selectionEnd ?? area.value.length;
  const room = 20_000 - (area.value.length - (end - start));
  area.value = area.value.slice(0, start) + text.slice(0, room) + area.value.slice(end);
  await act(() => void area.dispatchEvent(new Event('input', { bubbles: true })));
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
    area.setSelectionRange(area.value.length, area.value.length);
    await paste(area, 'b'.repeat(50));
    expect(alert().hidden).toBe(false);
    expect(alert().getAttribute('role')).toBe('alert');
    expect(alert().textContent).toBe('story.cut');
    expect(area.value).toHaveLength(20_000);

    area.value = area.value.slice(0, 19_000);
    await act(() => void area.dispatchEvent(new Event('input', { bubbles: true })));
    expect(alert().hidden).toBe(true);
  });

  it('says nothing when a paste fits, even one that replaces a selection', async () => {
    const { area, alert } = mountStory(19_990);
    area.setSelectionRange(0, 100);
    await paste(area, 'c'.repeat(100));
    expect(alert().hidden).toBe(true);
    expect(area.value).toHaveLength(19_990);
  });
});
