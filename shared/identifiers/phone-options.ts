import type { CountryCode } from 'libphonenumber-js/core';
import { isKnownRegion } from './phone-library.js';

/** Options for reading phone numbers. */
export interface PhoneOptions {
  /**
   * Country whose national format is assumed for numbers written without "+" or "00", as an
   * ISO 3166 code ("GB", "RO", "PL", …). Defaults to "GB". An unknown code throws (misuse).
   */
  defaultRegion?: CountryCode;
}

/** The default region of `options`, checked. */
export function regionOf(options?: PhoneOptions): CountryCode {
  const region = options?.defaultRegion ?? 'GB';
  if (!isKnownRegion(region)) throw new TypeError('defaultRegion must be an ISO 3166 country code');
  return region;
}
