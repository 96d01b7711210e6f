/**
 * Identifier handling for the whole product: reading a client's phone number, email, online
 * handle or UK vehicle plate however it is written, and finding phone numbers in a page. Every
 * reader returns a typed result; nothing here logs, and no failure carries the input back.
 * See docs/identifiers.md for what is recognised and rejected, with examples.
 *
 * The phone functions pull in libphonenumber-js's min metadata (~80 KB); import this module
 * lazily where first-load size matters (the widget). Importing it has no side effects.
 */
export type { CountryCode } from 'libphonenumber-js/core';
export type { PhoneOptions } from './phone-options.js';
export type { PhoneRejection } from './phone-rejection.js';
export { normalizePhone, formatPhone, type PhoneReading } from './normalize-phone.js';
export { findPhoneNumbers, type FoundPhone } from './find-phone-numbers.js';
export { normalizeEmail, EMAIL_PROVIDER_RULES, type EmailProviderRule } from './normalize-email.js';
export { normalizeHandle, splitHandle } from './normalize-handle.js';
export { normalizePlate } from './normalize-plate.js';
export {
  fitsPattern,
  MIN_KNOWN_PHONE_DIGITS,
  MIN_KNOWN_PLATE_CHARS,
} from './partial-identifiers.js';
export { displayOrders, storedSpan, type VisualText } from './visual-order.js';
export {
  readIdentifier,
  readIdentifierAs,
  type IdentifierReading,
  type PartialPart,
} from './read-identifier.js';
