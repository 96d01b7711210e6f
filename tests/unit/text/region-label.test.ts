import { describe, expect, it } from 'vitest';
import { regionLabel } from '../../../shared/text/region-label.js';

describe('regionLabel', () => {
  it.each([
    ['tyne-and-wear', 'Tyne and Wear'],
    ['north-east', 'North East'],
    ['london', 'London'],
    ['and-more', 'And More'],
    ['west_of_england', 'West of England'],
    ['', ''],
  ])('shows %j as %j', (id, label) => {
    expect(regionLabel(id)).toBe(label);
  });
});
