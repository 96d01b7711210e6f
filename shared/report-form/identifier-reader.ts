import type { Identifier, IdentifierKind } from '../domain/codes.js';
import { lazyModule } from './lazy-module.js';

/**
 * Reads a typed identifier the way staff tools will ("we'll read this as +44 7700 900123").
 * shared/identifiers carries libphonenumber's metadata, far too big for the widget's first load,
 * so it is imported only when the reporter reaches the "who" step.
 */

/** One reading, as shared/identifiers returns it. */
export type IdentifierReading =
  | {
      ok: true;
      identifier: Identifier;
      readAs: string;
      /** A partial's start, end or middle, for saying it in the reader's language. */
      part?: { at: 'start' | 'end' | 'middle'; shown: string };
    }
  | { ok: false; reason: string };

/** The reader, once loaded. */
export type ReadIdentifierAs = (kind: IdentifierKind, raw: string) => IdentifierReading;

/** shared/identifiers, loaded on demand. */
export const identifierModule = lazyModule<{ readIdentifierAs: ReadIdentifierAs }>(
  () => import('../identifiers/index.js'),
);
