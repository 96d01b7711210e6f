// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { textBlocks } from '../../../shared/page-scan/text-blocks.js';

/**
 * The page walk (shared/page-scan/text-blocks.ts) finds candidate text by its offsets in the
 * root's textContent; these check that what it yields is what a reader sees, line by line.
 */

const texts = (root: Node) =>
  [...textBlocks(root)].filter((block) => block !== null).map((block) => block.text);

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the page walk', () => {
  it('reads lines that could hold a number or email alone, and only those', () => {
    document.body.innerHTML = [
      '<p>plain words</p>',
      '<p>Call 07700 900123 tonight.</p>',
      '<div class="msg"><span>write to client@example.com</span></div>',
      '<p>nothing here</p>',
      '<p>£120 for the evening at 9</p>',
    ].join('\n');
    // Too few digits for a phone number, and no "@": not read.
    expect(texts(document.body)).toEqual([
      'Call 07700 900123 tonight.',
      'write to client@example.com',
    ]);
  });

  it('joins a number split over elements, but never two lines', () => {
    document.body.innerHTML =
      '<p>Call <b>07700</b> <i>900123</i> now</p><p>07700</p><p>900456</p><p>x <b>client</b>@example.com</p>';
    expect(texts(document.body)).toEqual([
      'Call 07700 900123 now',
      '07700',
      '900456',
      'x client@example.com',
    ]);
  });

  it('never reads scripts, styles, fields or editable areas', () => {
    document.body.innerHTML = [
      '<script>var n = "07700900123";</script>',
      '<style>.a { width: 10px }</style>',
      '<textarea>07700 900123</textarea>',
      '<div contenteditable="true">my draft to 07700 900123</div>',
      '<div contenteditable="false">07700 900124</div>',
      '<p>07700 900125</p>',
    ].join('');
    expect(texts(document.body)).toEqual(['07700 900124', '07700 900125']);
  });

  it('still finds every number when the page changes while the walk is paused', () => {
    // More than one stretch of the walk (it pauses every 2,000 text nodes).
    const lines = Array.from({ length: 2100 }, (_, i) =>
      i === 2090 ? '<p>call 07700 900555</p>' : `<p id="p${i}">plain words</p>`,
    );
    document.body.innerHTML = lines.join('');
    const found: string[] = [];
    let changed = false;
    for (const block of textBlocks(document.body)) {
      if (block === null && !changed) {
        // The page, while the walk is paused: a later line gains a number, an earlier one
        // grows (every offset after it moves).
        document.getElementById('p2050')!.firstChild!.textContent = 'words 020 7946 0123';
        document.getElementById('p2040')!.firstChild!.textContent = 'plain words, longer now';
        changed = true;
        continue;
      }
      if (block) found.push(block.text);
    }
    expect(changed).toBe(true);
    expect(found).toEqual(['words 020 7946 0123', 'call 07700 900555']);
  });
});
