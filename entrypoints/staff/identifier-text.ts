import type { Identifier } from '../../shared/domain/codes.js';
import { formatPhone } from '../../shared/identifiers/index.js';
import { displayText } from '../../shared/text/index.js';

/**
 * An identifier as people read it: phone numbers grouped (`+44 7700 900123`), others as stored
 * but without bidi controls, so a handle cannot show staff a different order from the one stored.
 */
export function identifierText(identifier: Identifier): string {
  return identifier.kind === 'phone'
    ? formatPhone(identifier.value)
    : displayText(identifier.value);
}
