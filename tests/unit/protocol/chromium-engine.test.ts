import nacl from 'tweetnacl';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAlert, signDirectory } from '../../../shared/protocol/index.js';
import { alert, directory, membersKey, north, root, seed } from './fixtures.js';

/**
 * The engine the extension really uses: Chromium's WebCrypto, running the same bundle of
 * shared/protocol. Same strictness as in Node (S + L and small-order keys refused), alerts and
 * directories verify, tampering is refused, and no secure random source means a throw.
 * WebCrypto needs a secure context, so the page is served by a server started here on 127.0.0.1.
 * About 3 s: one Chromium launch for the file.
 */
const ENTRY = `
import * as protocol from './shared/protocol/index.ts';
import * as signing from './shared/crypto/signing.ts';
import { randomBytes } from './shared/crypto/random.ts';
globalThis.umn = { protocol, signing, randomBytes };
`;

let browser: Browser;
let page: Page;
let close: () => void;

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: ENTRY, resolveDir: resolve(import.meta.dirname, '../../..'), loader: 'ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  const { createServer } = await import('node:http');
  const server = createServer((request, response) => {
    const script = request.url === '/protocol.js';
    response.writeHead(200, { 'content-type': script ? 'text/javascript' : 'text/html' });
    response.end(script ? bundle.outputFiles[0]!.text : '<script src="/protocol.js"></script>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  close = () => server.close();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage();
  const { port } = server.address() as { port: number };
  await page.goto(`http://127.0.0.1:${port}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  close?.();
});

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('in Chromium', () => {
  it('picks WebCrypto and verifies strictly, like Node', async () => {
    const pair = nacl.sign.keyPair.fromSeed(seed(70));
    const message = new TextEncoder().encode('umn1:alert\n{}');
    const signature = nacl.sign.detached(message, pair.secretKey);
    const malleated = signature.slice();
    const order = Buffer.from(
      'edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010',
      'hex',
    );
    let carry = 0;
    for (let i = 0; i < 32; i++) {
      const sum = malleated[32 + i]! + order[i]! + carry;
      malleated[32 + i] = sum & 0xff;
      carry = sum >> 8;
    }
    const identity = '01'.padEnd(64, '0');
    const universal = '01'.padEnd(128, '0');
    const answers = await page.evaluate(
      `(async () => {
        const h = (t) => Uint8Array.from(t.match(/../g).map((b) => parseInt(b, 16)));
        const s = globalThis.umn.signing;
        const m = h('${hex(message)}'), k = h('${hex(pair.publicKey)}');
        return {
          engine: await s.verifyEngine(),
          good: await s.verifyDetached(m, h('${hex(signature)}'), k),
          malleated: await s.verifyDetached(m, h('${hex(malleated)}'), k),
          smallOrder: await s.verifyDetached(m, h('${universal}'), h('${identity}')),
        };
      })()`,
    );
    expect(answers).toMatchObject({
      engine: 'webcrypto',
      good: true,
      malleated: false,
      smallOrder: false,
    });
  });

  it('opens an alert against a verified directory, refuses a tampered one', async () => {
    const envelope = sealAlert(alert, north.signing.secretKey, membersKey);
    const tampered = {
      ...envelope,
      box:
        envelope.box.slice(0, 10) + (envelope.box[10] === 'A' ? 'B' : 'A') + envelope.box.slice(11),
    };
    const signed = signDirectory(directory, root.secretKey);
    const result = await page.evaluate(
      `(async () => {
        const p = globalThis.umn.protocol;
        const d = await p.updateDirectoryState(null, ${JSON.stringify(signed)}, Uint8Array.from(${JSON.stringify(Array.from(root.publicKey))}));
        const keys = [{ epoch: 1, key: Uint8Array.from(${JSON.stringify(Array.from(membersKey.key))}) }];
        const opened = await p.openAlerts([${JSON.stringify(envelope)}, ${JSON.stringify(tampered)}], keys, d.state.signed.directory);
        return { directory: d.ok, opened: opened.map((o) => o.ok ? o.message.id : o.reason) };
      })()`,
    );
    expect(result).toEqual({ directory: true, opened: [alert.id, 'does-not-open'] });
  });

  it('throws without a secure random source', async () => {
    const message = await page.evaluate(`(() => {
      const saved = globalThis.crypto.getRandomValues;
      globalThis.crypto.getRandomValues = undefined;
      try { globalThis.umn.randomBytes(32); return 'no error'; }
      catch (error) { return error.message; }
      finally { globalThis.crypto.getRandomValues = saved; }
    })()`);
    expect(message).toMatch(/No secure random source/);
  });
});
