import type { Locator, Page } from 'playwright-core';

/**
 * Drives the widget through its steps the way a reporter would, by its stable hooks
 * (data-testid inside the open shadow root). Identifiers are fictional (Ofcom drama range).
 */

/** What the reporter enters. */
export interface Answers {
  incidents: string[];
  date?: string;
  time?: string;
  area?: string;
  setting?: string;
  phones?: string[];
  email?: string;
  plate?: string;
  narrative?: string;
  consent?: Partial<Record<ConsentName, boolean>>;
}

type ConsentName =
  'workerAlert' | 'otherSchemes' | 'policeIntelligence' | 'policeIdentified' | 'reply';

/** A typical report. */
export const SAMPLE: Answers = {
  incidents: ['robbery', 'threats'],
  date: '2026-11-20',
  time: 'night',
  area: 'Newcastle city centre',
  setting: 'outcall',
  phones: ['07700 900123', '020 7946 0123'],
  email: 'bad.client@example.com',
  plate: 'AB12 CDE',
  narrative: 'He took the money back at the door and threatened me.',
  consent: {
    workerAlert: true,
    otherSchemes: false,
    policeIntelligence: false,
    policeIdentified: false,
    reply: true,
  },
};

/** The widget's locator on a page. */
export function widget(page: Page): Locator {
  return page.locator('ugly-mugs-report');
}

/** Called at each step after it is filled (for axe, screenshots). */
export type StepHook = (step: string) => Promise<void>;

/** Fills every step with `answers` and stops on the review step (before sending). */
export async function fillToReview(
  page: Page,
  answers: Answers,
  atStep?: StepHook,
  form: Locator = widget(page),
) {
  const byId = (id: string) => form.getByTestId(id);
  const next = async () => {
    const heading = await byId('step-heading').textContent();
    await byId('next').click();
    await form
      .getByTestId('step-heading')
      .filter({ hasNotText: heading ?? '' })
      .waitFor();
  };

  for (const code of answers.incidents) await byId(`incident-${code}`).check();
  await atStep?.('what');
  await next();

  if (answers.date) await byId('date').fill(answers.date);
  if (answers.time) await byId(`time-${answers.time}`).check();
  await atStep?.('when');
  await next();

  if (answers.area) await byId('area').fill(answers.area);
  if (answers.setting) await byId(`setting-${answers.setting}`).check();
  await atStep?.('where');
  await next();

  for (const [index, phone] of (answers.phones ?? []).entries()) {
    if (index > 0) await byId('add-phone').click();
    await byId(`phone-${index}`).fill(phone);
  }
  if (answers.email) await byId('email-0').fill(answers.email);
  if (answers.plate) await byId('vehicle-plate').fill(answers.plate);
  if (answers.phones?.length) {
    await form.locator('#phone-0-note').filter({ hasText: /\S/ }).waitFor();
  }
  await atStep?.('who');
  await next();

  if (answers.narrative) await byId('narrative').fill(answers.narrative);
  await atStep?.('story');
  await next();

  for (const [name, yes] of Object.entries(answers.consent ?? {})) {
    await byId(`consent-${name}-${yes ? 'yes' : 'no'}`).check();
  }
  await atStep?.('consent');
  await next();
  await atStep?.('review');
}

/**
 * Presses send and waits for the receipt screen; returns the receipt code (on screen when the
 * reporter asked for replies, behind the closed "Show a receipt code" disclosure when not).
 */
export async function send(page: Page, form: Locator = widget(page)): Promise<string> {
  await form.getByTestId('submit').click();
  await form.getByTestId('receipt').waitFor({ timeout: 20_000 });
  return (await form.getByTestId('receipt-code').textContent())!.trim();
}
