import { browser } from 'wxt/browser';
import { isSchemeId, isText, isInt, hasExactKeys } from '../../shared/encoding/shape.js';
import type { SubmittedReceipt } from '../../shared/report-form/index.js';

/**
 * The worker's own receipts, kept in extension storage so the report page can list them with
 * the scheme's replies. Unlike the widget (a scheme's public web page, often on a shared
 * device), the extension is the worker's own tool; a worker can forget any receipt here.
 */

const KEY = 'umn:receipts';
const MAX = 50;

/** The stored receipts, newest first; malformed entries are dropped. */
export async function loadReceipts(): Promise<SubmittedReceipt[]> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  return Array.isArray(stored) ? stored.filter(isReceipt) : [];
}

/** Keeps a new receipt (at most the newest 50). */
export async function addReceipt(receipt: SubmittedReceipt): Promise<void> {
  const receipts = [receipt, ...(await loadReceipts())].slice(0, MAX);
  await browser.storage.local.set({ [KEY]: receipts });
}

/** Forgets one receipt (its replies can then only be read with the code written down). */
export async function forgetReceipt(code: string): Promise<void> {
  const receipts = (await loadReceipts()).filter((r) => r.code !== code);
  await browser.storage.local.set({ [KEY]: receipts });
}

function isReceipt(value: unknown): value is SubmittedReceipt {
  return (
    hasExactKeys(value, ['scheme', 'code', 'replies', 'sentAt']) &&
    isSchemeId(value.scheme) &&
    isText(value.code, 40, 20) &&
    typeof value.replies === 'boolean' &&
    isInt(value.sentAt)
  );
}
