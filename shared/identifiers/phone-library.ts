import {
  AsYouType,
  Metadata,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';
import type { PhoneRejection } from './phone-rejection.js';

/**
 * The one place shared/identifiers calls libphonenumber-js. Uses the "min" metadata (about
 * 80 KB) through the core entry so nothing runs at import time and the widget can load it lazily.
 *
 * We accept numbers the metadata calls *possible* (right length for the country), not only
 * *valid*: Ofcom's drama range 07700 900xxx is "not valid" yet it is exactly what tests and
 * demos use, and a client's number in a range the metadata has not caught up with must still be
 * checkable. The alert list decides what matters.
 */

/** Result of reading a cleaned digit string. */
export type LibraryReading =
  { ok: true; e164: string; country: string | undefined } | { ok: false; reason: PhoneRejection };

const cache = new Map<string, LibraryReading>();
const CACHE_LIMIT = 20_000;

/** Reads `cleaned` ("+447700900123", "07700900123") as a number of `region`; memoised. */
export function readWithLibrary(cleaned: string, region: CountryCode): LibraryReading {
  const key = `${region}|${cleaned}`;
  const known = cache.get(key);
  if (known) return known;

  const reading = readUncached(cleaned, region);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, reading);
  return reading;
}

function readUncached(cleaned: string, region: CountryCode): LibraryReading {
  const parsed = parsePhoneNumberFromString(cleaned, region, metadata);
  const plan = regionPlan(region);
  const prefix = plan.nationalPrefix;
  // A short national number keeps its trunk prefix when the library cannot strip it
  // ("0770090" → "+440770090"): that is a number missing digits, not a different number.
  if (
    parsed &&
    prefix &&
    cleaned.startsWith(prefix) &&
    !cleaned.startsWith('+') &&
    parsed.nationalNumber === cleaned.replace(/\D/g, '')
  ) {
    return { ok: false, reason: 'too-short' };
  }
  if (parsed && parsed.isPossible()) {
    return {
      ok: true,
      e164: parsed.number,
      country: parsed.country ?? mainCountry(parsed.countryCallingCode),
    };
  }

  const length = validatePhoneNumberLength(cleaned, region, metadata);
  if (length === 'TOO_SHORT') return { ok: false, reason: 'too-short' };
  if (length === 'TOO_LONG') return { ok: false, reason: 'too-long' };
  return { ok: false, reason: 'not-a-number' };
}

/** The main country of a calling code ("44" → "GB"), for numbers the min metadata cannot place. */
export function mainCountry(callingCode: string): string | undefined {
  const codes = (metadata as { country_calling_codes: Record<string, string[]> })
    .country_calling_codes;
  return codes[callingCode]?.[0];
}

/** True when `region` is a country code the metadata knows. */
export function isKnownRegion(region: string): region is CountryCode {
  return region in (metadata as { countries: Record<string, unknown> }).countries;
}

interface RegionPlan {
  callingCode: string;
  nationalPrefix: string | undefined;
  internationalPrefix: string;
  /** The international prefix when the metadata gives it as plain digits, else undefined. */
  plainInternationalPrefix: string | undefined;
}
const plans = new Map<string, RegionPlan>();

/** Calling code, trunk prefix and international dialling prefix of `region` (cached). */
export function regionPlan(region: CountryCode): RegionPlan {
  let plan = plans.get(region);
  if (!plan) {
    const meta = new Metadata(metadata);
    meta.selectNumberingPlan(region);
    const numbering = meta.numberingPlan as unknown as {
      callingCode(): string;
      nationalPrefix(): string | undefined;
      IDDPrefix(): string | undefined;
    };
    const idd = numbering.IDDPrefix() ?? '00';
    plan = {
      callingCode: numbering.callingCode(),
      nationalPrefix: numbering.nationalPrefix() ? String(numbering.nationalPrefix()) : undefined,
      // IDD prefixes are patterns like "00" or "0(?:0|11)"; the plain "00" covers most regions.
      internationalPrefix: /^\d+$/.test(idd) ? idd : '00',
      plainInternationalPrefix: /^\d+$/.test(idd) ? idd : undefined,
    };
    plans.set(region, plan);
  }
  return plan;
}

/** Display form of an E.164 number, e.g. "+44 7700 900123". */
export function formatWithLibrary(e164: string): string | null {
  const parsed = parsePhoneNumberFromString(e164, metadata);
  return parsed ? parsed.formatInternational() : null;
}

const lengthsByCode = new Map<string, Set<number>>();

/** Every national-number length the countries of `callingCode` allow (cached). */
function nationalLengths(callingCode: string): Set<number> | undefined {
  let lengths = lengthsByCode.get(callingCode);
  if (lengths) return lengths;

  const regions = (metadata as { country_calling_codes: Record<string, string[]> })
    .country_calling_codes[callingCode];
  if (!regions) return undefined;
  lengths = new Set<number>();
  const meta = new Metadata(metadata);
  for (const region of regions) {
    meta.selectNumberingPlan(region as CountryCode);
    const plan = meta.numberingPlan as unknown as { possibleLengths(): number[] | undefined };
    for (const length of plan.possibleLengths() ?? []) lengths.add(length);
  }
  lengthsByCode.set(callingCode, lengths);
  return lengths;
}

/**
 * A cheap, approximate length check done without parsing, so splitting a long run of digits
 * into numbers asks the library only about pieces of a plausible length.
 */
export function plausibleLength(cleaned: string, region: CountryCode): boolean {
  const plan = regionPlan(region);
  let international: string | null = null;
  if (cleaned.startsWith('+')) international = cleaned.slice(1);
  else if (cleaned.startsWith(plan.internationalPrefix)) {
    international = cleaned.slice(plan.internationalPrefix.length);
  }

  if (international !== null) {
    for (let size = 1; size <= 3; size++) {
      const lengths = nationalLengths(international.slice(0, size));
      if (!lengths) continue;
      const rest = international.length - size;
      return lengths.has(rest) || lengths.has(rest - 1);
    }
    return false;
  }

  const lengths = nationalLengths(plan.callingCode);
  if (!lengths) return false;
  const prefix = plan.nationalPrefix;
  const national =
    prefix && cleaned.startsWith(prefix) ? cleaned.length - prefix.length : cleaned.length;
  if (lengths.has(national)) return true;
  return (
    cleaned.startsWith(plan.callingCode) && lengths.has(cleaned.length - plan.callingCode.length)
  );
}

const bareCache = new Map<string, boolean>();
const bareRegions = new Map<string, boolean>();

/** True when some national format of `region` is written without its trunk prefix. */
export function regionWritesBare(region: CountryCode): boolean {
  let bare = bareRegions.get(region);
  if (bare === undefined) {
    const meta = new Metadata(metadata);
    meta.selectNumberingPlan(region);
    const formats = (
      meta.numberingPlan as unknown as {
        formats(): Array<{ nationalPrefixIsMandatoryWhenFormattingInNationalFormat(): boolean }>;
      }
    ).formats();
    bare = formats.some(
      (format) => !format.nationalPrefixIsMandatoryWhenFormattingInNationalFormat(),
    );
    bareRegions.set(region, bare);
  }
  return bare;
}

/**
 * True when `e164` is a number its country writes without the trunk prefix (Chinese mobiles
 * "131 2345 6789", Brazilian numbers in brackets), so a bare run of its digits in a page is
 * plausibly this number. In a region whose every format carries the prefix (GB: "07700 …")
 * bare digits never are, and no parse is needed to say so.
 */
export function writtenWithoutPrefix(e164: string, region: CountryCode): boolean {
  const prefix = regionPlan(region).nationalPrefix;
  if (!prefix) return true;
  if (!regionWritesBare(region)) return false;

  const key = `${region}|${e164}`;
  let bare = bareCache.get(key);
  if (bare === undefined) {
    const parsed = parsePhoneNumberFromString(e164, metadata);
    const national = parsed?.formatNational() ?? '';
    // A number no format matches comes back as bare digits: that says nothing, so it is no.
    bare = !!parsed && !national.startsWith(prefix) && /\D/.test(national);
    if (bareCache.size >= CACHE_LIMIT) bareCache.clear();
    bareCache.set(key, bare);
  }
  return bare;
}
/**
 * Display form of an international digit pattern with "?" for unknown digits, e.g.
 * "+4477009001??" → "+44 7700 9001??" (formatted as the known prefix types, so a short prefix
 * also reads naturally: "+447700" → "+44 7700").
 */
export function formatDigitPattern(pattern: string): string {
  const digits = pattern.replace(/\?/g, '0');
  const typed = new AsYouType(undefined, metadata).input(digits);
  let k = 0;
  let out = '';
  for (const char of typed) {
    if (char >= '0' && char <= '9') {
      // Skip over the "+" in the pattern when lining digits up.
      out += pattern[k + 1] === '?' ? '?' : char;
      k++;
    } else {
      out += char;
    }
  }
  return k === digits.length - 1 ? out : pattern;
}

/** Empties the memo caches (the bench measures cold scans with it). */
export function clearPhoneCaches(): void {
  cache.clear();
  bareCache.clear();
}
