import { describe, expect, it } from 'vitest';
import { displayOrders, readIdentifier, storedSpan } from '../../../shared/identifiers/index.js';

const shown = (text: string) => displayOrders(text).map((order) => order.text);

describe('display order', () => {
  it('leaves text that shows as stored alone', () => {
    expect(displayOrders('Call 07700 900123 tonight')).toEqual([]);
    expect(displayOrders('Ring ０７７００ ９００１２３')).toEqual([]);
  });

  it('reads a number stored backwards behind a right-to-left override as it shows', () => {
    const text = '\u202e321009 00770';
    expect(readIdentifier(text)).toMatchObject({ ok: true, identifier: { value: '+32100900770' } });
    const readings = shown(text).map((order) => readIdentifier(order));
    expect(readings).toContainEqual(
      expect.objectContaining({ identifier: { kind: 'phone', value: '+447700900123' } }),
    );
  });

  it('puts groups an Arabic letter swaps back in the order they show', () => {
    expect(shown('\u0631 900123 07700')[0]).toBe('07700 900123 \u0631');
  });

  it('keeps surrogate pairs whole in a reversed run (mathematical digits)', () => {
    const digits = [...'07700900123'].map((d) => String.fromCodePoint(0x1d7ce + Number(d)));
    const text = `\u202e${[...digits].reverse().join('')}`;
    const reading = readIdentifier(shown(text)[0]!);
    expect(reading).toMatchObject({ ok: true, identifier: { value: '+447700900123' } });
  });

  it('maps a match back over the stored characters it shows', () => {
    const [order] = displayOrders('x \u202e321009 00770 y');
    const at = order!.text.indexOf('07700');
    expect(storedSpan(order!, at, at + 12)).toEqual([3, 15]);
  });
});
