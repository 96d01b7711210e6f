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
  ADVICE_CODES,
  IDENTIFIER_KINDS,
  INCIDENT_TYPES,
  SETTINGS,
  SEVERITIES,
  type AdviceCode,
  type Identifier,
  type IncidentType,
  type Setting,
  type Severity,
} from './codes.js';

/**
 * An alert as members read it: coded fields (rendered in each worker's language) plus staff's
 * free-text description, which the UI marks as free text. Built by staff from a report's
 * consented fields only; signed by the scheme and encrypted for members.
 */
export interface AlertContent {
  v: 1;
  kind: 'alert';
  id: string;
  scheme: string;
  /** Corrections republish the same id with a higher revision; the highest wins. */
  revision: number;
  issuedAt: number;
  expiresAt: number;
  regions: string[];
  area: string;
  /** YYYY-MM-DD or '' when unknown. */
  incidentDate: string;
  severity: Severity;
  incidentTypes: IncidentType[];
  setting: Setting | '';
  identifiers: Identifier[];
  advice: AdviceCode[];
  description: string;
}

/** Withdraws an alert (published in error, or no longer defensible to keep). */
export interface RetractionContent {
  v: 1;
  kind: 'retraction';
  id: string;
  scheme: string;
  alertId: string;
  issuedAt: number;
}

/** What a signed alert envelope can carry. */
export type AlertMessage = AlertContent | RetractionContent;

/** True when `value` is a well-formed alert. */
export function isAlertContent(value: unknown): value is AlertContent {
  const keys = ['v', 'kind', 'id', 'scheme', 'revision', 'issuedAt', 'expiresAt', 'regions'];
  const more = ['area', 'incidentDate', 'severity', 'incidentTypes', 'setting', 'identifiers'];
  if (!hasExactKeys(value, [...keys, ...more, 'advice', 'description'])) return false;
  return (
    value.v === 1 &&
    value.kind === 'alert' &&
    isId(value.id) &&
    isSchemeId(value.scheme) &&
    isInt(value.revision, 1, 1000) &&
    isInt(value.issuedAt) &&
    isInt(value.expiresAt) &&
    (value.expiresAt as number) > (value.issuedAt as number) &&
    isListOf(value.regions, 20, (r): r is string => isText(r, 60, 1)) &&
    isText(value.area, 200) &&
    (value.incidentDate === '' ||
      (typeof value.incidentDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.incidentDate))) &&
    isOneOf(value.severity, SEVERITIES) &&
    isListOf(value.incidentTypes, INCIDENT_TYPES.length, (t): t is IncidentType =>
      isOneOf(t, INCIDENT_TYPES),
    ) &&
    (value.setting === '' || isOneOf(value.setting, SETTINGS)) &&
    isListOf(value.identifiers, 30, isIdentifier) &&
    isListOf(value.advice, ADVICE_CODES.length, (a): a is AdviceCode => isOneOf(a, ADVICE_CODES)) &&
    isText(value.description, 2000)
  );
}

/** True when `value` is a well-formed retraction. */
export function isRetractionContent(value: unknown): value is RetractionContent {
  if (!hasExactKeys(value, ['v', 'kind', 'id', 'scheme', 'alertId', 'issuedAt'])) return false;
  return (
    value.v === 1 &&
    value.kind === 'retraction' &&
    isId(value.id) &&
    isSchemeId(value.scheme) &&
    isId(value.alertId) &&
    isInt(value.issuedAt)
  );
}

function isIdentifier(value: unknown): value is Identifier {
  return (
    hasExactKeys(value, ['kind', 'value']) &&
    isOneOf(value.kind, IDENTIFIER_KINDS) &&
    isText(value.value, 200, 1)
  );
}
