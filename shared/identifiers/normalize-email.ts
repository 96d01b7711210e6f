import { foldText } from './fold-text.js';

/**
 * Provider rules, applied only where the provider documents them:
 * - Gmail: dots in the local part are ignored and "+tag" is a label; googlemail.com is the same
 *   mailbox (Google Account Help, "Dots don't matter in Gmail addresses"; "Create task-specific
 *   email addresses" with +).
 * - Outlook.com / Hotmail / Live / MSN: "+tag" plus addressing (Microsoft, "Plus addressing").
 * - Proton Mail: "+tag" aliases (Proton, "How to use plus addressing").
 * - Fastmail: "+tag" subaddressing (Fastmail help, "Plus addressing and subdomain addressing").
 * Every other domain keeps its local part as written (case-folded only).
 */
export interface EmailProviderRule {
  /** Domain the mailbox is canonically written with. */
  domain: string;
  ignoreDots: boolean;
  stripPlusTag: boolean;
}

/** Documented provider rules, by domain (see above). */
export const EMAIL_PROVIDER_RULES: Readonly<Record<string, EmailProviderRule>> = {
  'gmail.com': { domain: 'gmail.com', ignoreDots: true, stripPlusTag: true },
  'googlemail.com': { domain: 'gmail.com', ignoreDots: true, stripPlusTag: true },
  'outlook.com': { domain: 'outlook.com', ignoreDots: false, stripPlusTag: true },
  'hotmail.com': { domain: 'hotmail.com', ignoreDots: false, stripPlusTag: true },
  'hotmail.co.uk': { domain: 'hotmail.co.uk', ignoreDots: false, stripPlusTag: true },
  'live.com': { domain: 'live.com', ignoreDots: false, stripPlusTag: true },
  'live.co.uk': { domain: 'live.co.uk', ignoreDots: false, stripPlusTag: true },
  'msn.com': { domain: 'msn.com', ignoreDots: false, stripPlusTag: true },
  'proton.me': { domain: 'proton.me', ignoreDots: false, stripPlusTag: true },
  'protonmail.com': { domain: 'protonmail.com', ignoreDots: false, stripPlusTag: true },
  'pm.me': { domain: 'pm.me', ignoreDots: false, stripPlusTag: true },
  'fastmail.com': { domain: 'fastmail.com', ignoreDots: false, stripPlusTag: true },
};

// Obfuscations: "name at example dot com", "name[at]example(dot)com", "name (at) example . com".
const AT = /\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|<\s*at\s*>|\s+at\s+|＠)\s*/gi;
const DOT = /\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|<\s*dot\s*>|\s+dot\s+)\s*/gi;
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/u;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Normalises an email address: trimmed, Unicode NFKC, case-folded, "mailto:" and obfuscations
 * ("name at example dot com", "name[at]example.com") undone, provider rules applied where the
 * provider documents them (EMAIL_PROVIDER_RULES). Returns null when it is not an address.
 *
 * @example normalizeEmail(' Sam.Client at Example dot COM ') // 'sam.client@example.com'
 */
export function normalizeEmail(raw: string): string | null {
  return normalizeEmailWith(raw, EMAIL_PROVIDER_RULES);
}

/** normalizeEmail with an explicit rule table (tests use it with fictional domains). */
export function normalizeEmailWith(
  raw: string,
  rules: Readonly<Record<string, EmailProviderRule>>,
): string | null {
  let text = foldText(raw).text.normalize('NFKC').trim().toLowerCase();
  text = text
    .replace(/^mailto:/, '')
    .replace(/[?#].*$/, '')
    .replace(/^<|>$/g, '');
  if (text.length > 320) return null;
  if (!text.includes('@')) text = text.replace(AT, '@');
  // Spaces around "@" and "." go ("sam @ example . com"); any other space means it is not one
  // address ("07700 900123 sam@example.com" must not read as one).
  text = text.replace(DOT, '.').replace(/\s*([@.])\s*/g, '$1');
  if (/\s/.test(text)) return null;

  const at = text.lastIndexOf('@');
  if (at <= 0 || text.indexOf('@') !== at) return null;
  let local = text.slice(0, at);
  let domain = text.slice(at + 1).replace(/\.$/, '');
  if (!LOCAL.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return null;
  }
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null;
  if (!/[a-z]/.test(labels[labels.length - 1] as string)) return null;

  const rule = rules[domain];
  if (rule) {
    if (rule.stripPlusTag) local = local.replace(/\+.*$/, '');
    if (rule.ignoreDots) local = local.replace(/\./g, '');
    domain = rule.domain;
    if (local === '') return null;
  }
  return `${local}@${domain}`;
}
