import {
  hasExactKeys,
  isId,
  isInt,
  isListOf,
  isOneOf,
  isSchemeId,
  isText,
} from '../encoding/shape.js';
import {
  INCIDENT_TYPES,
  SETTINGS,
  TIMES_OF_DAY,
  type IncidentType,
  type Setting,
  type TimeOfDay,
} from './codes.js';

/**
 * What a reporter tells their scheme. Only the scheme's staff ever read this: it travels sealed
 * to the scheme's box key (protocol/report-envelope.ts). Identifiers are kept as typed; staff
 * tools normalise them, so a reporter is never blocked by a number we cannot read.
 */
export interface ReportContent {
  v: 1;
  /** Client-chosen id, also the relay's idempotency key. */
  id: string;
  scheme: string;
  createdAt: number;
  /** The language the reporter used the form in (BCP 47). */
  language: string;
  incidentTypes: IncidentType[];
  when: { date: string; timeOfDay: TimeOfDay | '' };
  where: { area: string; setting: Setting | '' };
  who: {
    phones: string[];
    emails: string[];
    handles: string[];
    vehicle: { make: string; colour: string; plate: string };
    nameUsed: string;
    description: string;
  };
  narrative: string;
  consent: Consent;
  /** Only when consent.policeIdentified: how police may reach the reporter. */
  reporterContact: string;
  /** X25519 public key for replies (base64url), only when consent.reply. */
  replyKey: string;
}

/**
 * The reporter's choices. Each is a separate yes/no; the software enforces them (an alert shows
 * only consented fields, a police referral cannot exist without the matching consent).
 */
export interface Consent {
  /** Share an anonymised alert with workers. */
  workerAlert: boolean;
  /** Share the report with other schemes in the network. */
  otherSchemes: boolean;
  /** Give police anonymous intelligence (no reporter details). */
  policeIntelligence: boolean;
  /** Make an identified report to police. */
  policeIdentified: boolean;
  /** The scheme may reply through the receipt. */
  reply: boolean;
}

const LIMITS = { short: 200, list: 10, description: 2000, narrative: 20000 } as const;

const shortText = (v: unknown): v is string => isText(v, LIMITS.short);

/** True when `value` is a well-formed report (as decrypted by staff). */
export function isReportContent(value: unknown): value is ReportContent {
  const keys = ['v', 'id', 'scheme', 'createdAt', 'language', 'incidentTypes', 'when', 'where'];
  const more = ['who', 'narrative', 'consent', 'reporterContact', 'replyKey'];
  if (!hasExactKeys(value, [...keys, ...more])) return false;
  const { when, where, who, consent } = value;
  return (
    value.v === 1 &&
    isId(value.id) &&
    isSchemeId(value.scheme) &&
    isInt(value.createdAt) &&
    isText(value.language, 35, 2) &&
    isListOf(value.incidentTypes, INCIDENT_TYPES.length, (t): t is IncidentType =>
      isOneOf(t, INCIDENT_TYPES),
    ) &&
    hasExactKeys(when, ['date', 'timeOfDay']) &&
    (when.date === '' ||
      (typeof when.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(when.date))) &&
    (when.timeOfDay === '' || isOneOf(when.timeOfDay, TIMES_OF_DAY)) &&
    hasExactKeys(where, ['area', 'setting']) &&
    shortText(where.area) &&
    (where.setting === '' || isOneOf(where.setting, SETTINGS)) &&
    isWho(who) &&
    isText(value.narrative, LIMITS.narrative) &&
    isConsent(consent) &&
    shortText(value.reporterContact) &&
    isText(value.replyKey, 43)
  );
}

function isWho(who: unknown): boolean {
  const keys = ['phones', 'emails', 'handles', 'vehicle', 'nameUsed', 'description'];
  if (!hasExactKeys(who, keys)) return false;
  return (
    isListOf(who.phones, LIMITS.list, shortText) &&
    isListOf(who.emails, LIMITS.list, shortText) &&
    isListOf(who.handles, LIMITS.list, shortText) &&
    hasExactKeys(who.vehicle, ['make', 'colour', 'plate']) &&
    shortText(who.vehicle.make) &&
    shortText(who.vehicle.colour) &&
    shortText(who.vehicle.plate) &&
    shortText(who.nameUsed) &&
    isText(who.description, LIMITS.description)
  );
}

function isConsent(value: unknown): value is Consent {
  const keys = ['workerAlert', 'otherSchemes', 'policeIntelligence', 'policeIdentified', 'reply'];
  return hasExactKeys(value, keys) && keys.every((k) => typeof value[k] === 'boolean');
}

/** A blank report for the form to fill; consent starts at "no" for every choice. */
export function emptyReport(id: string, scheme: string, language: string): ReportContent {
  return {
    v: 1,
    id,
    scheme,
    createdAt: 0,
    language,
    incidentTypes: [],
    when: { date: '', timeOfDay: '' },
    where: { area: '', setting: '' },
    who: {
      phones: [],
      emails: [],
      handles: [],
      vehicle: { make: '', colour: '', plate: '' },
      nameUsed: '',
      description: '',
    },
    narrative: '',
    consent: {
      workerAlert: false,
      otherSchemes: false,
      policeIntelligence: false,
      policeIdentified: false,
      reply: false,
    },
    reporterContact: '',
    replyKey: '',
  };
}
