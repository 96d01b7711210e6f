import { SEVERITIES } from '../domain/codes.js';
import type { AlertContent } from '../domain/alert.js';

/**
 * The printable bulletin: current alerts for one region, most severe and newest first, for
 * outreach workers to print for workers without a smartphone or computer.
 */
export function bulletinAlerts(
  alerts: readonly AlertContent[],
  region: string,
  now = Date.now(),
): AlertContent[] {
  return alerts
    .filter((a) => a.expiresAt > now && (region === '' || a.regions.includes(region)))
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || b.issuedAt - a.issuedAt,
    );
}

/** Every region named by current alerts, sorted, for the bulletin's region chooser. */
export function alertRegions(alerts: readonly AlertContent[]): string[] {
  return [...new Set(alerts.flatMap((a) => a.regions))].sort((a, b) => a.localeCompare(b));
}
