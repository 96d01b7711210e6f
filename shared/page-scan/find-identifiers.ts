import type { Identifier } from '../domain/codes.js';
import {
  displayOrders,
  findPhoneNumbers,
  normalizeEmail,
  normalizeHandle,
  storedSpan,
} from '../identifiers/index.js';
import { isReadDigit } from './text-edges.js';

/**
 * What the page scan looks for in text and links: phone numbers (any spelling the identifier
 * core reads), email addresses, and profile handles in links to known platforms. Each hit keeps
 * its position so the scanner can mark exactly those characters.
 */

/** An identifier found at [start, end) of a block's text. */
export interface FoundIdentifier {
  start: number;
  end: number;
  identifier: Identifier;
}

/** Fewest digits a phone number can have; blocks with fewer are not handed to the library. */
const MIN_DIGITS = 7;

// Plain email shape only: obfuscated spellings ("name at example dot com") are for the check
// box, where the worker typed them on purpose; on a page they would flag ordinary prose.
const EMAIL = /[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/**
 * True when a text may hold a phone number: at least MIN_DIGITS digits in any script the
 * identifier core reads (ASCII, Arabic-Indic, Devanagari, Thai, fullwidth, circled, and
 * mathematical digits, which are surrogate pairs). Most of a page fails this cheaply and never
 * reaches the parser. Numbers spelled out in words are read in the check box, not on pages.
 */
export function mayHoldPhone(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // 0xd835 leads every mathematical digit's surrogate pair.
    if ((isReadDigit(c) || c === 0xd835) && ++digits >= MIN_DIGITS) return true;
  }
  return false;
}

/**
 * Finds phone numbers and emails in a block's text, read as stored and as shown: a number whose
 * characters a page stores in another order than it shows them (identifiers/visual-order.ts) is
 * found as the reader sees it, and marked over the stored characters it is shown with.
 */
export function findInText(text: string): FoundIdentifier[] {
  const found = findStored(text);
  if (!mayHoldPhone(text) && !text.includes('@')) return found;
  for (const order of displayOrders(text)) {
    for (const hit of findStored(order.text)) {
      const [start, end] = storedSpan(order, hit.start, hit.end);
      const known = found.some(
        (other) =>
          other.identifier.value === hit.identifier.value && other.start < end && start < other.end,
      );
      if (!known) found.push({ start, end, identifier: hit.identifier });
    }
  }
  return found;
}

/** Finds phone numbers and emails in `text` as stored. */
function findStored(text: string): FoundIdentifier[] {
  const found: FoundIdentifier[] = [];
  if (mayHoldPhone(text)) {
    for (const phone of findPhoneNumbers(text)) {
      found.push({
        start: phone.start,
        end: phone.end,
        identifier: { kind: 'phone', value: phone.e164 },
      });
    }
  }
  if (text.includes('@')) {
    for (const match of text.matchAll(EMAIL)) {
      const email = normalizeEmail(match[0]);
      if (!email) continue;
      const start = match.index;
      found.push({
        start,
        end: start + match[0].length,
        identifier: { kind: 'email', value: email },
      });
    }
  }
  return found;
}

const PHONE_LINK =
  /^(?:tel:|sms:|callto:|https?:\/\/(?:wa\.me|api\.whatsapp\.com|(?:www\.)?whatsapp\.com)\/)/i;

/** The identifier a link points at (tel:, WhatsApp, mailto:, a profile on a known platform). */
export function findInLink(href: string): Identifier | null {
  if (href.length > 2000) return null;
  if (PHONE_LINK.test(href)) {
    let decoded = href;
    try {
      decoded = decodeURIComponent(href);
    } catch {
      // A malformed escape: read the raw text.
    }
    const phone = findPhoneNumbers(decoded.replace(/^(?:tel|sms|callto):/i, ' '))[0];
    return phone ? { kind: 'phone', value: phone.e164 } : null;
  }
  if (/^mailto:/i.test(href)) {
    const address = href.slice(7).split('?')[0] ?? '';
    let decoded = address;
    try {
      decoded = decodeURIComponent(address);
    } catch {
      // Keep the raw address.
    }
    const email = normalizeEmail(decoded);
    return email ? { kind: 'email', value: email } : null;
  }
  if (/^https?:\/\//i.test(href)) {
    const handle = normalizeHandle(href);
    // Only links that name their platform: a bare word from any link would flag everything.
    return handle && handle.includes(':') ? { kind: 'handle', value: handle } : null;
  }
  return null;
}

/** A stable key for an identifier (deduplicates lookups). */
export function identifierKey(identifier: Identifier): string {
  return `${identifier.kind}:${identifier.value}`;
}
