import type { Identifier, IdentifierKind } from '../domain/codes.js';
import { findPhoneNumbers } from './find-phone-numbers.js';
import { foldText } from './fold-text.js';
import { normalizeEmail } from './normalize-email.js';
import { normalizeHandle } from './normalize-handle.js';
import { formatPhone, normalizePhone } from './normalize-phone.js';
import {
  compactPlate,
  isDatedPlateShape,
  isPlateShape,
  normalizePlate,
} from './normalize-plate.js';
import {
  MIN_KNOWN_MIDDLE_DIGITS,
  readPartialPhone,
  readPartialPlate,
  readPartialPhrase,
} from './partial-identifiers.js';
import { formatDigitPattern } from './phone-library.js';
import type { PhoneOptions } from './phone-options.js';

/**
 * What a value was read as, with a human display form, or a short reason code. `readAs` is in
 * English ("ends in 900123"); a partial that is the start or end of what it matches also has its
 * `part`, for a screen that says it in the reader's language.
 */
export type IdentifierReading =
  | { ok: true; identifier: Identifier; readAs: string; part?: PartialPart }
  | { ok: false; reason: string };

/**
 * Where a partial's known characters sit in what it matches, and those characters as shown
 * ("900123", "+44 7700 9005", "ZQ19"). None for a pattern with gaps ("07700 9001??").
 */
export interface PartialPart {
  at: 'start' | 'end' | 'middle';
  shown: string;
}

const MAX_INPUT = 1000;

/**
 * Reads what a worker typed or pasted into the check box, guessing the kind: an email (also
 * "name at example dot com"), a profile link or handle, a UK plate, a phone number, or a
 * partial ("ends in 513", "07700 9001??" → partial-phone; "starts LX", "ends FKE" →
 * partial-plate). The reason of a failure is a short code and never echoes the input:
 * 'empty', 'too-long', 'unrecognised', 'unknown-site' (a link to a site we cannot read a
 * profile from), 'several-numbers' (paste one at a time), 'too-vague', or a PhoneRejection.
 *
 * @example readIdentifier('ends in 513') // { ok: true, identifier: { kind: 'partial-phone', value: '*513' }, … }
 */
export function readIdentifier(raw: string, options?: PhoneOptions): IdentifierReading {
  if (raw.length > MAX_INPUT) return { ok: false, reason: 'too-long' };
  const text = foldText(raw).text.trim();
  if (text === '') return { ok: false, reason: 'empty' };

  const phrase = readPartialPhrase(text);
  if (phrase) {
    const digitsOnly = /^[+\d\s().\-/?xX_#•]+$/.test(phrase.body) && /\d/.test(phrase.body);
    if (!digitsOnly) return readIdentifierAs('partial-plate', text, options);
    // "x" may stand for an unknown digit, or be a plate's own letter ("starts XX12").
    const phone = readIdentifierAs('partial-phone', text, options);
    if (phone.ok || !/[xX]/.test(phrase.body)) return phone;
    const plate = readIdentifierAs('partial-plate', text, options);
    return plate.ok ? plate : phone;
  }

  if (text.includes('@') || /\s(?:at|\[at\]|\(at\))\s/i.test(` ${text} `)) {
    const email = normalizeEmail(text);
    if (email) return done('email', email, email);
  }

  if (/^@|^https?:\/\/|^www\.|\.(?:com|me)\/|^[a-z]+\s*(?:[:-]\s*|\s)@?\w/i.test(text)) {
    const handle = normalizeHandle(text);
    if (handle) return done('handle', handle, handle);
  }

  const compact = compactPlate(text);
  // "bob69" typed in lower case without a space reads as a username; "BOB 69" as a plate.
  const looksTyped = /[A-Z]/.test(text) || /\s/.test(text);
  const plateLike = isDatedPlateShape(compact) || (isPlateShape(compact) && looksTyped);
  if (/[A-Z]/.test(compact) && /\d/.test(compact) && plateLike) {
    return done('plate', compact, compact);
  }

  if (/[?*_#•xX]/.test(text.replace(/^[^\d]*/, '')) && /\d/.test(text) && !/[a-wyz]/i.test(text)) {
    const partial = readIdentifierAs('partial-phone', text, options);
    if (partial.ok || partial.reason !== 'not-partial') return partial;
  }
  if (/[?*]/.test(text) && /[a-z]/i.test(text)) {
    const partial = readIdentifierAs('partial-plate', text, options);
    if (partial.ok) return partial;
  }

  const phone = normalizePhone(text, options);
  if (phone.ok) return done('phone', phone.e164, formatPhone(phone.e164));

  const plate = normalizePlate(text);
  // A current-format plate with 0/O or 1/I mixed up ("LX2I FKE").
  if (plate && isDatedPlateShape(plate)) return done('plate', plate, plate);

  // A bare site username ("bigdave_69"): checked against that name on every platform.
  const handle =
    /^@?[a-z0-9._-]{3,64}$/i.test(text) && /[a-z]/i.test(text) ? normalizeHandle(text) : null;
  if (handle) return done('handle', handle, handle);
  if (/^(?:https?:\/\/|www\.)/i.test(text)) return { ok: false, reason: 'unknown-site' };
  if (phone.reason === 'not-a-number' && severalNumbers(text, options)) {
    return { ok: false, reason: 'several-numbers' };
  }
  return { ok: false, reason: /\d/.test(text) ? phone.reason : 'unrecognised' };
}

/**
 * Reads a value typed into a field of known kind (report form, alert editor). Failure reasons:
 * 'empty', 'too-long', 'not-an-email', 'not-a-handle', 'not-a-plate', 'not-partial',
 * 'too-vague', or a phone rejection (see PhoneRejection).
 */
export function readIdentifierAs(
  kind: IdentifierKind,
  raw: string,
  options?: PhoneOptions,
): IdentifierReading {
  if (raw.length > MAX_INPUT) return { ok: false, reason: 'too-long' };
  if (raw.trim() === '') return { ok: false, reason: 'empty' };

  switch (kind) {
    case 'phone': {
      const phone = normalizePhone(raw, options);
      return phone.ok ? done('phone', phone.e164, formatPhone(phone.e164)) : phone;
    }
    case 'email': {
      const email = normalizeEmail(raw);
      return email ? done('email', email, email) : { ok: false, reason: 'not-an-email' };
    }
    case 'handle': {
      const handle = normalizeHandle(raw);
      return handle ? done('handle', handle, handle) : { ok: false, reason: 'not-a-handle' };
    }
    case 'plate': {
      const plate = normalizePlate(raw);
      return plate ? done('plate', plate, plate) : { ok: false, reason: 'not-a-plate' };
    }
    case 'partial-phone': {
      let partial = readPartialPhone(raw, options);
      // Said to be part of a number, bare digits are its start when they carry its prefix
      // ("07700 9"), else a part from anywhere in it ("794605": a reporter may have seen the end
      // or the middle), or, too short for that, its end ("0512").
      const digits = foldText(raw).text.replace(/[\s().-]/g, '');
      const whole = () => normalizePhone(raw, options).ok;
      if (!partial.ok && partial.reason === 'not-partial' && /^\+?\d+$/.test(digits) && !whole()) {
        const anchor = /^(?:\+|0\d{4})/.test(digits)
          ? 'starts'
          : digits.length >= MIN_KNOWN_MIDDLE_DIGITS
            ? 'contains'
            : 'ends in';
        partial = readPartialPhone(`${anchor} ${digits}`, options);
      }
      return partial.ok ? donePartial(kind, partial.value, phonePart(partial.value)) : partial;
    }
    case 'partial-plate': {
      const partial = readPartialPlate(raw);
      return partial.ok ? donePartial(kind, partial.value, partOf(partial.value)) : partial;
    }
    default:
      throw new TypeError('unknown identifier kind');
  }
}

/** True when `text` holds two or more different phone numbers (the check takes one at a time). */
function severalNumbers(text: string, options?: PhoneOptions): boolean {
  return new Set(findPhoneNumbers(text, options).map((found) => found.e164)).size > 1;
}

function done(kind: IdentifierKind, value: string, readAs: string): IdentifierReading {
  return { ok: true, identifier: { kind, value }, readAs };
}

/** A partial's reading: "ends in 513", "starts LX"; one with gaps as is ("LX21?KE"). */
function donePartial(
  kind: IdentifierKind,
  value: string,
  part: PartialPart | string,
): IdentifierReading {
  if (typeof part === 'string') return done(kind, value, part);
  const words = { end: 'ends in', start: 'starts', middle: 'contains' };
  const readAs = `${words[part.at]} ${part.shown}`;
  return { ok: true, identifier: { kind, value }, readAs, part };
}

/** "*513" → the end "513", "LX*" → the start "LX", "*7946*" → "7946" anywhere, "LX21?KE" as is. */
function partOf(value: string): PartialPart | string {
  if (value.startsWith('*') && value.endsWith('*') && value.length > 2) {
    return { at: 'middle', shown: value.slice(1, -1) };
  }
  if (value.startsWith('*')) return { at: 'end', shown: value.slice(1) };
  if (value.endsWith('*')) return { at: 'start', shown: value.slice(0, -1) };
  return value;
}

/** As `partOf`, with international digits grouped as a number is ("+44 7700 9005"). */
function phonePart(value: string): PartialPart | string {
  if (value.startsWith('+')) {
    const open = value.endsWith('*');
    const shown = formatDigitPattern(open ? value.slice(0, -1) : value);
    return open ? { at: 'start', shown } : shown;
  }
  return partOf(value);
}
