import { createHash, randomInt } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportContent } from '../../../shared/domain/report.js';
import { newId } from '../../support/relay-network.js';

/**
 * The at-rest scan: every spelling of every identifier in a set of fictional reports, their
 * narratives, and plain (unkeyed) hashes of each, searched for as bytes in the relay's files.
 * A hit means the relay kept something a seized disk or a stolen backup would give away.
 */

/** A report fixture and the exact strings it carries. */
export interface ReportFixture {
  content: ReportContent;
  /** Every identifier and free text in it, as typed. */
  secrets: string[];
  /** The same identifiers in every other way they could be written or hashed. */
  needles: string[];
}

const HASHES = ['md5', 'sha1', 'sha256', 'sha512'] as const;

/** Spellings of a UK number given as its national digits (e.g. `07700900123`). */
export function phoneSpellings(national: string): string[] {
  const rest = national.slice(1);
  const mobile = national.startsWith('07');
  const a = mobile ? national.slice(0, 5) : national.slice(0, 3);
  const b = mobile ? national.slice(5) : national.slice(3, 7);
  const c = mobile ? '' : national.slice(7);
  const grouped = [a, b, c].filter(Boolean);
  return [
    national,
    grouped.join(' '),
    grouped.join('-'),
    `${a} ${b.slice(0, 3)} ${b.slice(3)}${c ? ` ${c}` : ''}`,
    `+44${rest}`,
    `+44 ${rest}`,
    `+44 ${grouped.join(' ').slice(1)}`,
    `+44 (0)${rest}`,
    `44${rest}`,
    `0044${rest}`,
    rest,
  ];
}

/** Plain hashes of `value` as hex, base64 and base64url. */
export function plainHashes(value: string): string[] {
  return HASHES.flatMap((algorithm) => {
    const digest = createHash(algorithm).update(value, 'utf8').digest();
    return [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')];
  });
}

/** Builds `count` rich report fixtures with identifiers unique to this run (Ofcom drama range). */
export function reportFixtures(scheme: string, count: number): ReportFixture[] {
  const used = new Set<number>();
  const unique = (max: number) => {
    let n: number;
    do n = randomInt(max);
    while (used.has(n));
    used.add(n);
    return n;
  };
  return Array.from({ length: count }, (_, i) => {
    const mobile = `07700900${String(unique(1000)).padStart(3, '0')}`;
    const london = `02079460${String(unique(1000)).padStart(3, '0')}`;
    const tag = newId()
      .replace(/[^A-Za-z]/g, '')
      .slice(0, 6)
      .toLowerCase();
    const email = `Client.${tag}@Example.com`;
    const handle = `@night_${tag}`;
    const plate = `K${i % 10}${(i + 3) % 10} ${tag.slice(0, 3).toUpperCase()}`;
    const name = `Zebedee ${tag}`;
    const narrative = `At-rest fixture ${tag}: he locked the door, took the cash back and shoved me.`;
    const description = `Tall, scar over left eyebrow ${tag}, drives a silver estate`;
    const contact = `reporter.${tag}@example.org`;
    const content: ReportContent = {
      v: 1,
      id: newId(),
      scheme,
      createdAt: Date.now(),
      language: 'en',
      incidentTypes: ['robbery', 'physical-assault'],
      when: { date: '2026-11-30', timeOfDay: 'night' },
      where: { area: `Testshire quay ${tag}`, setting: 'outcall' },
      who: {
        phones: [phoneSpellings(mobile)[1]!, phoneSpellings(london)[1]!],
        emails: [email],
        handles: [handle],
        vehicle: { make: 'Estate', colour: 'silver', plate },
        nameUsed: name,
        description,
      },
      narrative,
      consent: {
        workerAlert: true,
        otherSchemes: false,
        policeIntelligence: true,
        policeIdentified: true,
        reply: false,
      },
      reporterContact: contact,
      replyKey: '',
    };
    const identifiers = [
      ...phoneSpellings(mobile),
      ...phoneSpellings(london),
      email,
      email.toLowerCase(),
      email.toUpperCase(),
      handle,
      handle.slice(1),
      plate,
      plate.replace(' ', ''),
      plate.toLowerCase(),
      contact,
    ];
    const texts = [narrative, narrative.slice(0, 30), description, name, `Testshire quay ${tag}`];
    return {
      content,
      secrets: [...texts, ...identifiers],
      needles: [
        ...texts,
        ...identifiers,
        Buffer.from(narrative).toString('base64'),
        ...identifiers.flatMap(plainHashes),
      ],
    };
  });
}

/** Every regular file under `dir` (recursively), as bytes with its name. */
export function filesUnder(dir: string): { name: string; bytes: Buffer }[] {
  const out: { name: string; bytes: Buffer }[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = statSync(path);
    if (stat.isDirectory()) out.push(...filesUnder(path));
    else if (stat.isFile()) out.push({ name: path, bytes: readFileSync(path) });
  }
  return out;
}

/** Which needles occur in which files, as UTF-8 or UTF-16LE (case-sensitive bytes). */
export function scanForNeedles(
  files: { name: string; bytes: Buffer }[],
  needles: string[],
): { file: string; needle: string }[] {
  const hits: { file: string; needle: string }[] = [];
  for (const file of files) {
    for (const needle of new Set(needles)) {
      if (needle.length < 6) continue; // Too short to mean anything in random ciphertext.
      if (
        file.bytes.includes(Buffer.from(needle, 'utf8')) ||
        file.bytes.includes(Buffer.from(needle, 'utf16le'))
      ) {
        hits.push({ file: file.name, needle });
      }
    }
  }
  return hits;
}
