import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64UrlExact, toBase64Url } from '../../shared/encoding/bytes.js';
import { verifyDirectory } from '../../shared/protocol/directory.js';
import { unlockStaffVault } from '../../shared/protocol/staff-vault.js';
import {
  addScheme,
  generatePassphrase,
  initNetwork,
  loadNetwork,
  openStore,
  rekeyScheme,
  resumeScheme,
  showDirectory,
  stats,
  suspendScheme,
} from '../../server/operator/index.js';
import type { RelayStore } from '../../server/store/relay-store.js';
import { BACKENDS } from '../support/relay-backends.js';

const CHEAP_KDF = { kdfCost: { logN: 10, r: 8, p: 1 } };
const run = promisify(execFile);

describe('generatePassphrase', () => {
  it('gives 7 distinct-looking BIP-39 words, different each time', () => {
    const a = generatePassphrase().split(' ');
    const b = generatePassphrase().split(' ');
    expect(a).toHaveLength(7);
    for (const word of a) expect(wordlist).toContain(word);
    expect(a).not.toEqual(b);
  });

  it('refuses a passphrase too short to resist offline guessing', () => {
    expect(() => generatePassphrase(3)).toThrow(RangeError);
  });
});

describe.each(BACKENDS)('operator library on $name', (backend) => {
  let dataDir: string;
  let store: RelayStore;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'umn-operator-'));
    const created = await backend.create();
    drop = created.drop;
    store = await openStore(created.location);
  });

  afterAll(async () => {
    await store?.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the network once, with key files only the operator can read', async () => {
    expect(await loadNetwork(dataDir)).toBeNull();
    const network = await initNetwork(dataDir, 'Test network');
    expect(fromBase64UrlExact(network.rootPublicKey, 32)).not.toBeNull();
    expect(await initNetwork(dataDir, 'Another name')).toEqual(network);
    expect(await loadNetwork(dataDir)).toEqual(network);

    for (const file of ['root.key', 'members.key', 'matching.key']) {
      expect(statSync(join(dataDir, 'network', file)).mode & 0o777).toBe(0o600);
    }
  });

  it('adds a scheme whose keys exist only inside a vault the passphrase opens', async () => {
    const { passphrase, staff } = await addScheme(
      dataDir,
      store,
      { id: 'north-east', name: 'North East', regions: ['Newcastle'] },
      CHEAP_KDF,
    );
    expect(passphrase.split(' ')).toHaveLength(7);

    const network = (await loadNetwork(dataDir))!;
    const signed = await store.latestDirectory();
    const check = await verifyDirectory(signed, fromBase64UrlExact(network.rootPublicKey, 32)!);
    expect(check.ok && check.directory.schemes.map((s) => s.id)).toEqual(['north-east']);

    const [vault] = await store.listVaults('north-east');
    expect(vault?.staff).toBe(staff);
    const unlocked = await unlockStaffVault(vault, passphrase);
    expect(unlocked.ok).toBe(true);
    if (!unlocked.ok || !check.ok) return;
    const listed = check.directory.schemes[0]!;
    expect(listed.boxKey).toBe(toBase64Url(unlocked.secrets.box.publicKey));
    expect(listed.signingKey).toBe(toBase64Url(unlocked.secrets.signing.publicKey));
    expect((await unlockStaffVault(vault, 'wrong words entirely here')).ok).toBe(false);
    // The network matching key travels inside the vault (blind matching, issue 8).
    const matchingKey = readFileSync(join(dataDir, 'network', 'matching.key'), 'utf8').trim();
    expect(unlocked.secrets.matchingKey && toBase64Url(unlocked.secrets.matchingKey)).toBe(
      matchingKey,
    );

    // No file under the data directory holds the scheme's private keys or the passphrase.
    const secrets = [
      toBase64Url(unlocked.secrets.box.secretKey),
      toBase64Url(unlocked.secrets.signing.secretKey.subarray(0, 32)),
      passphrase,
    ];
    for (const file of listFiles(join(dataDir, 'network'))) {
      const text = readFileSync(file, 'utf8');
      for (const secret of secrets) expect(text).not.toContain(secret);
    }

    await expect(
      addScheme(dataDir, store, { id: 'north-east', name: 'Again', regions: [] }, CHEAP_KDF),
    ).rejects.toThrow(/already/);
    await expect(
      addScheme(dataDir, store, { id: 'Bad Id', name: 'Bad', regions: [] }, CHEAP_KDF),
    ).rejects.toThrow(RangeError);
  });

  it('suspends, resumes and re-keys a scheme with a rising directory version', async () => {
    const before = (await store.latestDirectory())!.directory.version;
    await suspendScheme(dataDir, store, 'north-east');
    let directory = await showDirectory(dataDir, store);
    expect(directory?.schemes[0]?.status).toBe('suspended');
    expect(directory?.version).toBe(before + 1);
    await resumeScheme(dataDir, store, 'north-east');
    directory = await showDirectory(dataDir, store);
    expect(directory?.schemes[0]?.status).toBe('active');

    const oldKey = directory!.schemes[0]!.boxKey;
    const { passphrase, staff } = await rekeyScheme(dataDir, store, 'north-east', CHEAP_KDF);
    directory = await showDirectory(dataDir, store);
    expect(directory?.schemes[0]?.boxKey).not.toBe(oldKey);
    const vaults = await store.listVaults('north-east');
    expect(vaults.map((v) => v.staff)).toEqual([staff]);
    const unlocked = await unlockStaffVault(vaults[0], passphrase);
    expect(unlocked.ok && toBase64Url(unlocked.secrets.box.publicKey)).toBe(
      directory?.schemes[0]?.boxKey,
    );

    await expect(suspendScheme(dataDir, store, 'nowhere')).rejects.toThrow(/No scheme/);
    expect(await stats(dataDir, store)).toMatchObject({ schemesActive: 1, vaults: 1 });
  });

  it('refuses a root key file that other users can read', async () => {
    chmodSync(join(dataDir, 'network', 'root.key'), 0o644);
    await expect(resumeScheme(dataDir, store, 'north-east')).rejects.toThrow(/chmod 600/);
    chmodSync(join(dataDir, 'network', 'root.key'), 0o600);
  });
});

describe('operator CLI', () => {
  it('prints help a volunteer can follow, and refuses an unknown command', async () => {
    const help = await run('npx', ['tsx', 'server/cli.ts', '--help']);
    expect(help.stdout).toContain('add-scheme');
    expect(help.stdout).toContain('passphrase');
    await expect(run('npx', ['tsx', 'server/cli.ts', 'frobnicate'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--help'),
    });
  }, 120_000);

  it('initialises a network and adds a scheme end to end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'umn-cli-'));
    try {
      const init = await run('npx', [
        'tsx',
        'server/cli.ts',
        'init',
        '--name',
        'CLI net',
        '--data-dir',
        dir,
      ]);
      expect(init.stdout).toContain('Root public key');
      const added = await run('npx', [
        'tsx',
        'server/cli.ts',
        'add-scheme',
        '--id',
        'south',
        '--name',
        'South',
        '--region',
        'Brighton',
        '--data-dir',
        dir,
      ]);
      expect(added.stdout).toMatch(/\n {4}(\w+ ){6}\w+\n/);
      const shown = await run('npx', ['tsx', 'server/cli.ts', 'directory', '--data-dir', dir]);
      expect(JSON.parse(shown.stdout).schemes[0].regions).toEqual(['Brighton']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('network matching key', () => {
  it('is created for a network made before it existed, and shared by every scheme added', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'umn-operator-'));
    const backend = BACKENDS[0]!;
    const created = await backend.create();
    const store = await openStore(created.location);
    try {
      await initNetwork(dataDir, 'Old network');
      const keyFile = join(dataDir, 'network', 'matching.key');
      rmSync(keyFile);
      const first = await addScheme(
        dataDir,
        store,
        { id: 'london', name: 'London', regions: [] },
        CHEAP_KDF,
      );
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const second = await addScheme(
        dataDir,
        store,
        { id: 'south', name: 'South', regions: [] },
        CHEAP_KDF,
      );
      const keys = [];
      for (const [scheme, handover] of [
        ['london', first],
        ['south', second],
      ] as const) {
        const [vault] = await store.listVaults(scheme);
        const unlocked = await unlockStaffVault(vault, handover.passphrase);
        if (!unlocked.ok) throw new Error('vault did not open');
        keys.push(toBase64Url(unlocked.secrets.matchingKey!));
      }
      expect(keys[0]).toBe(readFileSync(keyFile, 'utf8').trim());
      expect(keys[1]).toBe(keys[0]);
    } finally {
      await store.close();
      await created.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
