import { describe, expect, it } from 'vitest';
import { displayText } from '../../../shared/text/index.js';

const CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

describe('displayText', () => {
  it.each([
    ['right-to-left override', '\u202Eelbbod\u202C Dave', 'elbbod Dave'],
    ['left-to-right override', '\u202Dabc\u202C', 'abc'],
    ['embeddings', '\u202Aleft\u202C \u202Bright\u202C', 'left right'],
    ['isolates', '\u2066a\u2067b\u2068c\u2069', 'abc'],
    ['unclosed override', 'Dave \u202E0700 900 123', 'Dave 0700 900 123'],
    ['marks', 'x\u200Ey\u200Fz\u061C', 'xyz'],
    ['override hiding a number', '07700 \u202E321 009', '07700 321 009'],
    ['many controls', '\u202E'.repeat(500) + 'ok', 'ok'],
    ['only controls', '\u202E\u2066\u200F', ''],
  ])('strips %s', (_name, input, expected) => {
    expect(displayText(input)).toBe(expected);
    expect(displayText(input)).not.toMatch(CONTROLS);
  });

  it.each([
    ['plain English', 'Tall, grey coat, said his name was Dave'],
    ['Arabic', 'رجل طويل يرتدي معطفا رماديا'],
    ['Hebrew and digits', 'שלום 07700 900123'],
    ['emoji and joiners', '👩‍👩‍👧 \u200D x'],
    ['line breaks', 'line one\nline two\r\n'],
    ['markup stays text', '<img src=x onerror=alert(1)>'],
  ])('leaves %s unchanged', (_name, input) => {
    expect(displayText(input)).toBe(input);
  });
});
