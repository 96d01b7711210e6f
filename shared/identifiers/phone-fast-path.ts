import { Metadata, type CountryCode } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';

/**
 * A shortcut for the page scan: the E.164 form of a digit string, computed from the metadata
 * without a full parse, for the plain cases only (a trunk prefix the metadata strips as is, or
 * a "+"/IDD number whose calling code and length leave no doubt). It answers `undefined`
 * whenever libphonenumber-js might decide differently (prefix transforms, carrier codes, a
 * trunk zero after the calling code, shared calling codes with differing lengths) and the
 * caller then asks the library. A unit test checks it agrees with the library. Internal.
 *
 * Why: a full parse costs ~40 µs; a 2 MB page with 5,000 numbers would spend most of its scan
 * there, against a budget of a small fraction of the library's own text search.
 */

interface Plan {
  callingCode: string;
  nationalPrefix: string | undefined;
  prefixForParsing: RegExp | undefined;
  lengths: ReadonlySet<number>;
  pattern: RegExp;
  /** The international dialling prefix, as the metadata's pattern. */
  idd: RegExp | undefined;
}

const plans = new Map<string, Plan>();
/** Calling code → lengths every country sharing it allows (intersection). */
const sharedLengths = new Map<string, ReadonlySet<number> | null>();

const codes = (metadata as { country_calling_codes: Record<string, string[]> })
  .country_calling_codes;

function planOf(region: string): Plan {
  let plan = plans.get(region);
  if (!plan) {
    const meta = new Metadata(metadata);
    meta.selectNumberingPlan(region as CountryCode);
    const numbering = meta.numberingPlan as unknown as {
      callingCode(): string;
      nationalPrefix(): string | number | undefined;
      nationalPrefixForParsing(): string | undefined;
      possibleLengths(): number[] | undefined;
      nationalNumberPattern(): string;
      IDDPrefix(): string | undefined;
    };
    const idd = numbering.IDDPrefix();
    const prefix = numbering.nationalPrefix();
    const forParsing = numbering.nationalPrefixForParsing();
    plan = {
      callingCode: numbering.callingCode(),
      nationalPrefix: prefix ? String(prefix) : undefined,
      prefixForParsing: forParsing ? new RegExp(`^(?:${forParsing})`) : undefined,
      lengths: new Set(numbering.possibleLengths() ?? []),
      pattern: new RegExp(`^(?:${numbering.nationalNumberPattern()})$`),
      idd: idd ? new RegExp(`^(?:${idd})`) : undefined,
    };
    plans.set(region, plan);
  }
  return plan;
}

function lengthsForCode(callingCode: string): ReadonlySet<number> | null {
  let lengths = sharedLengths.get(callingCode);
  if (lengths === undefined) {
    const regions = codes[callingCode];
    if (!regions) {
      lengths = null;
    } else {
      const [first, ...rest] = regions.map((region) => planOf(region).lengths);
      lengths = new Set([...(first ?? [])].filter((n) => rest.every((set) => set.has(n))));
    }
    sharedLengths.set(callingCode, lengths);
  }
  return lengths;
}

/**
 * The E.164 of `cleaned` ("+4477…", "0044…", "077…"), or undefined to ask the library.
 * `idd` is the region's international prefix when it is a plain digit string ("00"), else
 * undefined (Brazil's is a pattern of carrier codes: the library must read those).
 */
export function fastE164(
  cleaned: string,
  region: CountryCode,
  idd: string | undefined,
): string | undefined {
  if (cleaned.startsWith('+')) return international(cleaned.slice(1));
  if (idd && cleaned.startsWith(idd)) return international(cleaned.slice(idd.length));

  const plan = planOf(region);
  const prefix = plan.nationalPrefix;
  if (!prefix || !plan.prefixForParsing || !cleaned.startsWith(prefix)) return undefined;
  if (plan.idd?.test(cleaned)) return undefined;
  const stripped = plan.prefixForParsing.exec(cleaned);
  if (!stripped || stripped[0] !== prefix || stripped.slice(1).some((g) => g !== undefined)) {
    return undefined;
  }

  const national = cleaned.slice(prefix.length);
  // Every country sharing the calling code must allow the length: the library may read the
  // number as one of them (GB's "07624 000" as the Isle of Man's, too short there, so it keeps
  // the 0), and then it answers differently.
  if (!lengthsForCode(plan.callingCode)?.has(national.length)) return undefined;
  if (!plan.pattern.test(national) && plan.pattern.test(cleaned)) return undefined;
  return `+${plan.callingCode}${national}`;
}

function international(digits: string): string | undefined {
  for (let size = 1; size <= 3; size++) {
    const callingCode = digits.slice(0, size);
    const regions = codes[callingCode];
    if (!regions) continue;

    const national = digits.slice(size);
    const main = planOf(regions[0] as string);
    if (main.nationalPrefix && national.startsWith(main.nationalPrefix)) return undefined;
    if (main.prefixForParsing?.test(national)) return undefined;
    const lengths = lengthsForCode(callingCode);
    return lengths?.has(national.length) ? `+${digits}` : undefined;
  }
  return undefined;
}
