import { findPhoneNumbers } from './find-phone-numbers.js';
import { foldText } from './fold-text.js';
import { formatWithLibrary, readWithLibrary } from './phone-library.js';
import { regionOf, type PhoneOptions } from './phone-options.js';
import { lookAlikeReason, type PhoneRejection } from './phone-rejection.js';
import { foldSpelledDigits } from './spelled-digits.js';

/** The result of reading one value as a phone number. */
export type PhoneReading =
  { ok: true; e164: string; country: string | undefined } | { ok: false; reason: PhoneRejection };

// Link forms whose digits follow; wa.me and WhatsApp links are international without "+".
const LINK_PREFIX =
  /^(?:tel:|callto:|sms:|https?:\/\/)?(?:(?:api\.|web\.)?(?:wa\.me\/|whatsapp\.com\/send\/?\?phone=)|viber:\/\/chat\?number=)/i;
const TEL_PREFIX = /^(?:tel|callto|sms):(?:\/\/)?/i;
const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d{1,6}$/i;
const ALLOWED = /^\+?[\d\s().\-/]*$/;

/**
 * Reads one value (typed, pasted or from a link) as a phone number and returns its E.164 form,
 * or why it is not one. Accepts any formatting people use: spaces, dashes, dots, slashes,
 * brackets, "+44 (0)…", "0044…", "44…", tel: and wa.me links, every Unicode digit script,
 * invisible characters, O/I/l for 0/1 inside the digits, digits spelled out in English, and a
 * number inside a short sentence when it is the only one there. Accepts numbers the metadata
 * calls *possible*, such as Ofcom's drama range. A rejection never carries a partial number.
 *
 * @example normalizePhone('07700 900 123') // { ok: true, e164: '+447700900123', country: 'GB' }
 * @example normalizePhone('12/03/2024') // { ok: false, reason: 'date' }
 */
export function normalizePhone(raw: string, options?: PhoneOptions): PhoneReading {
  const region = regionOf(options);
  let text = foldSpelledDigits(foldText(raw), 3).text.trim();
  if (text === '') return { ok: false, reason: 'empty' };

  let international = false;
  const link = LINK_PREFIX.exec(text);
  if (link) {
    text = text.slice(link[0].length).replace(/[?&].*$/, '');
    international = !text.startsWith('0');
  } else {
    text = text.replace(TEL_PREFIX, '');
  }
  text = text.replace(/^%2B/i, '+').replace(EXTENSION, '').replace(/\s+/g, ' ').trim();

  const lookAlike = lookAlikeReason(text);
  if (lookAlike) return { ok: false, reason: lookAlike };

  const digits = lettersAsDigits(text);
  if (digits === null) return readFromSentence(raw, region);

  const count = digits.replace(/\D/g, '').length;
  if (count === 0) return { ok: false, reason: 'not-a-number' };
  if (count < 3) return { ok: false, reason: 'too-short' };
  if (count <= 6 && !digits.startsWith('+')) return { ok: false, reason: 'short-code' };
  if (count > 17) return { ok: false, reason: 'too-long' };

  const cleaned = international && !digits.startsWith('+') ? `+${digits}` : digits;
  const trunk = cleaned.startsWith('+') || cleaned.startsWith('00') ? '' : '0';
  const reading = readWithLibrary(cleaned.replace(/\s*\(0\)\s*/, trunk), region);
  if (reading.ok || reading.reason === 'too-short' || /^[+0]/.test(cleaned)) return reading;

  // Too long for a national number and written without "+": an international number whose
  // "+" was left off ("40712034567" pasted from a Romanian contact) reads as one when possible.
  const withPlus = readWithLibrary(`+${cleaned.replace(/\D/g, '')}`, region);
  return withPlus.ok ? withPlus : reading;
}

/** `text` with O/o → 0 and I/l → 1 when it is otherwise a number; null when it has other letters. */
function lettersAsDigits(text: string): string | null {
  if (ALLOWED.test(text)) return text;
  if (!/^\+?[\d\s().\-/OoIl]*$/.test(text)) return null;
  if (!/\d/.test(text)) return null;
  return text.replace(/[Oo]/g, '0').replace(/[Il]/g, '1');
}

/** A sentence that holds exactly one number ("call me on 07700 900123 x") reads as that number. */
function readFromSentence(raw: string, region: ReturnType<typeof regionOf>): PhoneReading {
  const found = findPhoneNumbers(raw, { defaultRegion: region });
  const distinct = new Set(found.map((phone) => phone.e164));
  if (distinct.size !== 1) return { ok: false, reason: 'not-a-number' };
  return readWithLibrary(found[0]?.e164 as string, region);
}

/**
 * Display form of an E.164 number in international format, e.g. "+44 7700 900123". Throws on a
 * value that is not E.164 (misuse: only normalised numbers are formatted).
 */
export function formatPhone(e164: string): string {
  if (!/^\+[1-9]\d{3,15}$/.test(e164)) throw new TypeError('formatPhone expects an E.164 number');
  return formatWithLibrary(e164) ?? e164;
}
