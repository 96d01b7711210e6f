import { describe, expect, it } from 'vitest';
import { joinsAt } from '../../../shared/page-scan/text-edges.js';

/**
 * The page walk reads a text node alone unless an identifier could cross one of its edges
 * (shared/page-scan/text-edges.ts). `|` marks the edge between two text nodes.
 */
const at = (marked: string) => {
  const edge = marked.indexOf('|');
  return joinsAt(marked.replace('|', ''), edge);
};

describe('whether an identifier could cross a text node edge', () => {
  it.each([
    // A number split over elements, with the spacing or separators between its parts.
    ['Call 07700| 900123', true],
    ['Call 07700 |900123', true],
    ['07700-|900-123', true],
    ['(0|7700) 900123', true],
    ['+|44 7700 900123', true],
    ['+44 |(0)7700 900123', true],
    ['٠٧٧٠٠| ٩٠٠١٢٣', true],
    // Emails split at any point.
    ['client|@example.com', true],
    ['client@|example.com', true],
    ['client@example|.com', true],
    ['cli|ent@example.com', true],
    // Lines that end or begin in words or sentence ends: read alone.
    ['Call 07700 900123 tonight.|\nNext line', false],
    ['End of a line.|\n07700 900123', false],
    ['ring me on |07700 900123', false],
    ['07700 900123 is my number|\nsee you', false],
    ['Hello| world', false],
    // The edges of the text.
    ['|07700 900123', false],
    ['07700 900123|', false],
  ])('%j → %s', (marked, expected) => {
    expect(at(marked)).toBe(expected);
  });
});
