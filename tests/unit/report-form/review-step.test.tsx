// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { FormContextProvider, type FormContext } from '../../../shared/report-form/form-context.js';
import { createFormState } from '../../../shared/report-form/form-state.js';
import { ReviewStep } from '../../../shared/report-form/steps/review-step.js';

const CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
let container: HTMLElement;

afterEach(() => {
  render(null, container);
  container.remove();
});

function mountReview(edit: (form: ReturnType<typeof createFormState>) => void) {
  const form = createFormState('north-east', 'en');
  edit(form);
  const context: FormContext = {
    form,
    locale: 'en',
    problems: [],
    t: (key) => key,
    update: () => {},
    answer: () => {},
    goTo: () => {},
  };
  container = document.createElement('div');
  document.body.append(container);
  render(
    <FormContextProvider.Provider value={context}>
      <ReviewStep />
    </FormContextProvider.Provider>,
    container,
  );
  return [...container.querySelectorAll('dd')];
}

describe('ReviewStep', () => {
  it('shows hostile reporter text in stored order, isolated, with no bidi controls', () => {
    const cells = mountReview((form) => {
      form.report.who.nameUsed = '\u202Eelbbod\u202C Dave';
      form.report.who.description = 'tall \u2067grey\u2069 coat \u200F';
      form.report.where.area = '\u202BCity centre';
      form.report.narrative = 'Called from \u202E321009 00770';
      form.report.who.handles = ['\u202Edave_x'];
    });
    const text = cells.map((cell) => cell.textContent ?? '');
    expect(text).toContain('elbbod Dave');
    expect(text).toContain('tall grey coat ');
    expect(text).toContain('City centre');
    expect(text).toContain('Called from 321009 00770');
    // Lists are wrapped in our own isolates (bidi.ts) around the cleaned value only.
    expect(text).toContain('\u2066dave_x\u2069');
    for (const cell of cells) {
      expect(cell.getAttribute('dir')).toBe('auto');
      expect((cell.textContent ?? '').replace(/\u2066|\u2069/g, '')).not.toMatch(CONTROLS);
    }
  });
});
