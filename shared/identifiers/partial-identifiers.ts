import { foldText } from './fold-text.js';
import { readWithLibrary, regionPlan } from './phone-library.js';
import { regionOf, type PhoneOptions } from './phone-options.js';
import { compactPlate } from './normalize-plate.js';

/**
 * Partial identifiers are kept as patterns, never completed into a full number or plate.
 *
 * Value format, shared by partial-phone and partial-plate: the known characters, "?" for one
 * unknown character and "*" for any number of them, with "*" only at the start or end.
 * - partial-phone: "*513" (ends in 513), "+4477009001??" (a full-length number with two
 *   digits unknown, put in E.164 form), "+447700*" (starts with 07700, national prefix resolved).
 * - partial-plate: "LX*" (starts LX), "*FKE" (ends FKE), "LX21?KE".
 * - either, with "*" at both ends: the known characters anywhere in it ("*794605*": contains
 *   794605, digits from the middle of a number; "*19XY*").
 */

/** At least this many known digits: "ends in 3" would match a tenth of all numbers. */
export const MIN_KNOWN_PHONE_DIGITS = 3;
/** At most this many unknown digits ("?") in a pattern: more would flag whole number ranges. */
export const MAX_UNKNOWN_PHONE_DIGITS = 4;
/** At least this many known plate characters. */
export const MIN_KNOWN_PLATE_CHARS = 2;
/**
 * At least this many known digits from the middle of a number: a run can sit at any of about
 * seven places in a number, so five digits match about 1 number in 15,000 by chance ("ends in"
 * needs only three: it is tied to one place).
 */
export const MIN_KNOWN_MIDDLE_DIGITS = 5;
/** At least this many known characters from the middle of a plate. */
export const MIN_KNOWN_MIDDLE_PLATE_CHARS = 3;

/** A partial pattern value, or a short reason code. */
export type PartialReading = { ok: true; value: string } | { ok: false; reason: string };

/**
 * "Ends in" / "starts with" in the languages UK schemes serve (USERS.md: Romanian, Polish,
 * Spanish, Portuguese, Italian, French, Russian, Bulgarian, Albanian, Thai, Chinese), so a
 * worker can type the phrase the popup's hint shows in her language. Accents optional.
 */
const END_WORDS = [
  'ends?(?:\\s+(?:in|with))?',
  'ending(?:\\s+(?:in|with))?',
  'last\\s+(?:digits?|numbers?|letters?|characters?|chars?)(?:\\s+(?:are|is))?',
  'se\\s+termin[aă]\\s+(?:[iî]n|cu)', // ro
  'kończy\\s+się\\s+na|konczy\\s+sie\\s+na', // pl
  'termina\\s+(?:en|em|com|in|con)', // es, pt, it
  'finisce\\s+(?:con|in)', // it
  'se\\s+termine\\s+par|finit\\s+par', // fr
  'заканчивается\\s+на', // ru
  'завършва\\s+на', // bg
  'mbaron\\s+(?:me|në|ne)', // sq
  'ลงท้ายด้วย', // th
  '尾号|尾數|尾数', // zh
  'ينتهي\\s*(?:بـ|ب)', // ar
  'vége', // hu ("vége: 513")
];
const START_WORDS = [
  'starts?(?:\\s+with)?',
  'starting(?:\\s+with)?',
  'begins?(?:\\s+with)?',
  'beginning(?:\\s+with)?',
  'first\\s+(?:digits?|numbers?|letters?|characters?|chars?)(?:\\s+(?:are|is))?',
  '[iî]ncepe\\s+cu', // ro
  'zaczyna\\s+się\\s+(?:od|na)|zaczyna\\s+sie\\s+(?:od|na)', // pl
  'empieza\\s+(?:por|con)|comienza\\s+(?:por|con)', // es
  'come[çc]a\\s+(?:com|por)', // pt
  'inizia\\s+(?:con|per)', // it
  'commence\\s+par', // fr
  'начинается\\s+с', // ru
  'започва\\s+(?:с|със)', // bg
  'fillon\\s+(?:me|në|ne)', // sq
  'ขึ้นต้นด้วย', // th
  '开头是|開頭是', // zh
  'يبدأ\\s*(?:بـ|ب)', // ar
  'eleje', // hu ("eleje: 07700")
];
const CONTAIN_WORDS = [
  'contains?',
  'containing',
  'includes?',
  'including',
  'middle(?:\\s+(?:digits?|numbers?|letters?|characters?|chars?))?(?:\\s+(?:are|is))?',
  'con[tț]ine', // ro
  'zawiera', // pl
  'contiene|cont[eé]m', // es, it, pt
  'contient', // fr
  'содержит', // ru
  'съдържа', // bg
  'p[eë]rmban', // sq
  'มี', // th
  '包含|含有', // zh
  'يحتوي(?:\\s*على)?', // ar
  'benne\\s+van', // hu
];
const phrase = (words: string[]) =>
  new RegExp(`^(?:it\\s+)?(?:${words.join('|')})\\s*[:：]?\\s*(.+)$`, 'iu');
const ENDS = phrase(END_WORDS);
const STARTS = phrase(START_WORDS);
const CONTAINS = phrase(CONTAIN_WORDS);
const WILDCARDS = /[?*xX_#•…]/;

/** What kind of partial a phrase describes, and its pattern text. */
export interface PartialPhrase {
  anchor: 'end' | 'start' | 'middle' | 'pattern';
  body: string;
}

/**
 * True for a phrase's own last word taken as its body: "ends in" typed so far reads as "ends"
 * followed by "in", which is not a plate ending in IN but a phrase not finished yet.
 */
const connective = (body: string) => /^(?:in|with|are|is|digits?|numbers?)$/i.test(body.trim());

/** Hungarian puts the words after the value: "513-ra végződik", "07700-zal kezdődik". */
const HU_ENDS = /^(.+?)\s*-?\s*(?:r[ae])\s+v[eé]gz[oöő]dik$/iu;
const HU_STARTS = /^(.+?)\s*-?\s*(?:[vszm]?[ae]l)\s+kezd[oöő]dik$/iu;

/** Recognises "ends in …", "starts …", "contains …", or a value with wildcard characters. */
export function readPartialPhrase(raw: string): PartialPhrase | null {
  const text = foldText(raw).text.trim();
  const huEnds = HU_ENDS.exec(text);
  if (huEnds) return { anchor: 'end', body: huEnds[1]!.trim() };
  const huStarts = HU_STARTS.exec(text);
  if (huStarts) return { anchor: 'start', body: huStarts[1]!.trim() };
  const ends = ENDS.exec(text);
  if (ends) return connective(ends[1]!) ? null : { anchor: 'end', body: ends[1]!.trim() };
  const starts = STARTS.exec(text);
  if (starts) return connective(starts[1]!) ? null : { anchor: 'start', body: starts[1]!.trim() };
  const contains = CONTAINS.exec(text);
  if (contains) {
    return connective(contains[1]!) ? null : { anchor: 'middle', body: contains[1]!.trim() };
  }
  // "…" folds to "..." (NFKC), so a leading or trailing run of dots means "the rest unknown";
  // both at once, the middle ("*7946 05*").
  const middle = /^(?:\*|\.{2,})(.+?)(?:\*|\.{2,})$/.exec(text);
  const inner = middle?.[1]!.replace(/^[*.]+|[*.]+$/g, '').trim();
  if (inner) return { anchor: 'middle', body: inner };
  if (/^(?:\*|\.{2,})/.test(text)) return { anchor: 'end', body: text.replace(/^[*.]+/, '') };
  if (/(?:\*|\.{2,})$/.test(text)) return { anchor: 'start', body: text.replace(/[*.]+$/, '') };
  return null;
}

/** Digits and "?" of a phone pattern body; null when it has anything else. */
function phonePatternBody(body: string): string | null {
  let text = body.replace(/[\s().\-/]/g, '');
  const plus = text.startsWith('+');
  if (plus) text = text.slice(1);
  text = text.replace(/[xX_#•?]/g, '?');
  if (!/^[\d?]+$/.test(text)) return null;
  return (plus ? '+' : '') + text;
}

/**
 * Reads a partial phone number: "ends in 513", "…513", "07700 9001??", "07700 9001xx",
 * "starts 07700". A full-length pattern is put in E.164 form by resolving its prefix; the
 * unknown digits stay unknown.
 */
export function readPartialPhone(raw: string, options?: PhoneOptions): PartialReading {
  const region = regionOf(options);
  const phrase = readPartialPhrase(raw);
  const text = foldText(raw).text.trim();
  const anchor = phrase?.anchor ?? (WILDCARDS.test(text.replace(/^\+/, '')) ? 'pattern' : null);
  if (!anchor) return { ok: false, reason: 'not-partial' };

  const body = phonePatternBody(phrase ? phrase.body : text);
  if (!body) return { ok: false, reason: 'not-a-number' };
  const known = body.replace(/[^\d]/g, '').length;
  if (known < MIN_KNOWN_PHONE_DIGITS) return { ok: false, reason: 'too-vague' };
  if (body.length - known - (body.startsWith('+') ? 1 : 0) > MAX_UNKNOWN_PHONE_DIGITS) {
    return { ok: false, reason: 'too-vague' };
  }
  if (body.length > 17) return { ok: false, reason: 'too-long' };

  if (anchor === 'end') return { ok: true, value: `*${body.replace(/^\+/, '')}` };

  const resolved = resolvePrefix(body, region);
  if (anchor === 'middle') {
    // With its own prefix ("contains 07946") it is where the number starts.
    if (resolved) return { ok: true, value: `${resolved}*` };
    if (known < MIN_KNOWN_MIDDLE_DIGITS) return { ok: false, reason: 'too-vague' };
    return { ok: true, value: `*${body}*` };
  }
  if (anchor === 'start') {
    return resolved ? { ok: true, value: `${resolved}*` } : { ok: false, reason: 'not-a-number' };
  }
  // A pattern with unknown digits in it: resolve it as a full number when it has a prefix we
  // can read; otherwise keep it as a suffix pattern.
  if (!resolved) return { ok: true, value: `*${body.replace(/^\+/, '')}` };
  if (!body.includes('?')) return { ok: false, reason: 'not-partial' };

  const probe = readWithLibrary(resolved.replace(/\?/g, '0'), region);
  if (!probe.ok) return { ok: false, reason: probe.reason };
  return { ok: true, value: resolved };
}

/**
 * The E.164-style start of `body` ("07700" → "+447700", "0044…" → "+44…", "+44…" as is), or
 * null when it has no prefix that fixes where the number starts.
 */
function resolvePrefix(body: string, region: ReturnType<typeof regionOf>): string | null {
  if (body.startsWith('+')) return body;
  const plan = regionPlan(region);
  if (body.startsWith(plan.internationalPrefix))
    return `+${body.slice(plan.internationalPrefix.length)}`;
  if (body.startsWith('00')) return `+${body.slice(2)}`;
  if (plan.nationalPrefix && body.startsWith(plan.nationalPrefix)) {
    return `+${plan.callingCode}${body.slice(plan.nationalPrefix.length)}`;
  }
  return null;
}

/** Reads a partial plate: "starts LX", "ends FKE", "LX21 ?KE", "LX*". */
export function readPartialPlate(raw: string): PartialReading {
  const phrase = readPartialPhrase(raw);
  const text = foldText(raw).text.trim();
  const anchor = phrase?.anchor ?? (/[?*_]/.test(text) ? 'pattern' : null);
  if (!anchor) return { ok: false, reason: 'not-partial' };

  const body = compactPlate(phrase ? phrase.body : text).replace(/[_#]/g, '?');
  if (!/^[A-Z0-9?]+$/.test(body) || body.length > 8) return { ok: false, reason: 'not-a-plate' };
  if (body.replace(/\?/g, '').length < MIN_KNOWN_PLATE_CHARS)
    return { ok: false, reason: 'too-vague' };

  if (anchor === 'end') return { ok: true, value: `*${body}` };
  if (anchor === 'start') return { ok: true, value: `${body}*` };
  if (anchor === 'middle') {
    if (body.replace(/\?/g, '').length < MIN_KNOWN_MIDDLE_PLATE_CHARS) {
      return { ok: false, reason: 'too-vague' };
    }
    return { ok: true, value: `*${body}*` };
  }
  if (!body.includes('?')) return { ok: false, reason: 'not-partial' };
  return { ok: true, value: body };
}

/**
 * True when `value` (a full E.164 number or plate) fits `pattern` (a partial value). Linear:
 * one pass over each, no regular expressions built from input.
 */
export function fitsPattern(pattern: string, value: string): boolean {
  const open = pattern.startsWith('*');
  const close = pattern.endsWith('*') && pattern.length > 1;
  const body = pattern.slice(open ? 1 : 0, close ? -1 : undefined);
  if (open && close) return containsPattern(value, body);
  if (open) return body.length <= value.length && matchAt(value, value.length - body.length, body);
  if (close) return body.length <= value.length && matchAt(value, 0, body);
  return body.length === value.length && matchAt(value, 0, body);
}

function matchAt(value: string, offset: number, body: string): boolean {
  for (let k = 0; k < body.length; k++) {
    const want = body[k];
    if (want !== '?' && want !== value[offset + k]) return false;
  }
  return true;
}

function containsPattern(value: string, body: string): boolean {
  for (let offset = 0; offset + body.length <= value.length; offset++) {
    if (matchAt(value, offset, body)) return true;
  }
  return false;
}
