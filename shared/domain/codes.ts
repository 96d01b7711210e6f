/**
 * Coded values shared by reports and alerts. Alerts carry codes, not sentences, so every worker's
 * extension renders them in the worker's own language (see shared/i18n). Add a code at the end;
 * never reuse or rename one that has been published.
 */

/** Incident types seen across schemes (USERS.md), most serious first. */
export const INCIDENT_TYPES = [
  'physical-assault',
  'sexual-assault',
  'robbery',
  'kidnap',
  'spiking',
  'condom-removal',
  'threats',
  'stalking',
  'outing',
  'filming',
  'non-payment',
  'abusive-official',
  'time-wasting',
  'other',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** Where it happened. */
export const SETTINGS = ['incall', 'outcall', 'street', 'car', 'online', 'other'] as const;
export type Setting = (typeof SETTINGS)[number];

/** Approximate time of day, for reporters who do not remember the hour. */
export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening', 'night'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

/** Alert severity: low-level reports (no-shows, hagglers) are kept apart from violence. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Standard advice staff attach to an alert. */
export const ADVICE_CODES = [
  'do-not-book',
  'do-not-go-to-outcall',
  'do-not-get-in-car',
  'take-payment-first',
  'work-with-buddy',
  'tell-someone-where',
  'contact-scheme',
] as const;
export type AdviceCode = (typeof ADVICE_CODES)[number];

/** Kinds of client identifier an alert or a check can carry. */
export const IDENTIFIER_KINDS = [
  'phone',
  'email',
  'handle',
  'plate',
  'partial-phone',
  'partial-plate',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** The whole kind a partial stands for part of ("partial-phone" → "phone"). */
export const FULL_KIND_OF: Partial<Record<IdentifierKind, 'phone' | 'plate'>> = {
  'partial-phone': 'phone',
  'partial-plate': 'plate',
};

/** The partial kind for part of a kind ("phone" → "partial-phone"). */
export const PARTIAL_KIND_OF: Partial<Record<IdentifierKind, IdentifierKind>> = {
  phone: 'partial-phone',
  plate: 'partial-plate',
};

/** A normalised identifier (see shared/identifiers for how each kind is normalised). */
export interface Identifier {
  kind: IdentifierKind;
  value: string;
}

/** The severity staff start from for a set of incident types. */
export function defaultSeverity(types: readonly IncidentType[]): Severity {
  const rank = (t: IncidentType): Severity => {
    if (['physical-assault', 'sexual-assault', 'kidnap', 'spiking'].includes(t)) return 'critical';
    if (['robbery', 'condom-removal', 'threats', 'stalking', 'outing'].includes(t)) return 'high';
    if (['filming', 'non-payment', 'abusive-official', 'other'].includes(t)) return 'medium';
    return 'low';
  };
  const order = SEVERITIES;
  return types.reduce<Severity>(
    (worst, t) => (order.indexOf(rank(t)) > order.indexOf(worst) ? rank(t) : worst),
    'low',
  );
}
