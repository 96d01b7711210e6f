// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocale, translate, type Locale } from '../../../shared/i18n/index.js';
import { createFormState } from '../../../shared/report-form/form-state.js';
import { FormContextProvider } from '../../../shared/report-form/form-context.js';
import { identifierModule } from '../../../shared/report-form/identifier-reader.js';
import { WhoStep } from '../../../shared/report-form/steps/who-step.js';

beforeAll(async () => {
  await Promise.all([loadLocale('en', ['form']), loadLocale('pl', ['form'])]);
  await identifierModule.load();
});

/** The note under the plate field once `plate` is typed, in `locale`. */
async function plateNote(locale: Locale, plate: string): Promise<string> {
  return (await rendered(locale, (who) => (who.vehicle.plate = plate))).plate;
}

/** The who step with `fill` applied: the plate field's notes and the whole step's text. */
async function rendered(
  locale: Locale,
  fill: (who: ReturnType<typeof createFormState>['report']['who']) => void,
): Promise<{ plate: string; all: string }> {
  const form = createFormState('north-east', locale);
  fill(form.report.who);
  const host = document.createElement('div');
  await act(async () => {
    render(
      <FormContextProvider.Provider
        value={{
          form,
          locale,
          problems: [],
          t: (key, vars) => translate(locale, key, vars),
          update: () => undefined,
          answer: () => undefined,
          goTo: () => undefined,
        }}
      >
        <WhoStep />
      </FormContextProvider.Provider>,
      host,
    );
  });
  const input = host.querySelector<HTMLInputElement>('#vehicle-plate')!;
  const described = input.getAttribute('aria-describedby') ?? '';
  const notes = described
    .split(' ')
    .filter(Boolean)
    .map((id) => host.querySelector(`#${id}`)?.textContent ?? '')
    .join(' ');
  const all = host.textContent ?? '';
  render(null, host);
  return { plate: notes, all };
}

describe('the "who" step', () => {
  it('says the last digits of a number are taken as part of one, not as unreadable', async () => {
    const { all } = await rendered('en', (who) => (who.phones = ['900789']));
    expect(all).toContain('This looks like part of a number');
    expect(all).not.toContain('We could not read this');
  });

  it('says a whole plate as it will be read', async () => {
    expect(await plateNote('en', 'lx21 fke')).toContain('LX21FKE');
  });

  it("says a part of a plate in the reporter's language, not in English", async () => {
    expect(await plateNote('en', 'starts ZQ19')).toContain('starts \u2066ZQ19\u2069');
    const polish = await plateNote('pl', 'starts ZQ19');
    expect(polish).toContain('zaczyna się od \u2066ZQ19\u2069');
    expect(polish).not.toContain('starts');
    expect(await plateNote('pl', 'ends FKE')).toContain('kończy się na \u2066FKE\u2069');
  });
});
