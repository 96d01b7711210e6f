import type { Identifier } from '../../shared/domain/codes.js';
import { formatPhone } from '../../shared/identifiers/index.js';

/** An identifier as people read it: phone numbers grouped (`+44 7700 900123`), others as stored. */
export function identifierText(identifier: Identifier): string {
  return identifier.kind === 'phone' ? formatPhone(identifier.value) : identifier.value;
}
