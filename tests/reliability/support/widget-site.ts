import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startSite, type RunningSite } from '../../../demo/site-server.js';
import { toBase64Url } from '../../../shared/encoding/bytes.js';
import { buildWidget } from '../../../widget/build.js';
import { CHROMIUM_ARGS } from '../../support/browser.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';
import type { RelayFixture } from './relay-fixture.js';

/**
 * The real widget in Chromium, talking to a relay process through a loopback proxy the test
 * controls: the widget is built fresh (widget/build.ts) into the fixture's folder, served by the
 * demo scheme site (demo/site-server.ts, strict CSP) with `relay` pointing at the proxy. Name
 * resolution is pinned so the browser can reach nothing but this machine.
 */
export interface WidgetSite {
  site: RunningSite;
  proxy: TcpProxy;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts proxy, widget build, site and browser for `fixture`'s scheme `scheme`. */
export async function startWidgetSite(fixture: RelayFixture, scheme: string): Promise<WidgetSite> {
  const proxy = await startTcpProxy(fixture.relay.port);
  const build = await buildWidget(join(fixture.work, 'widget'));
  const site = await startSite({
    relayUrl: `http://127.0.0.1:${proxy.port}`,
    rootKey: toBase64Url(fixture.network.root.publicKey),
    scheme,
    widgetDir: resolve(build.outdir),
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
  return {
    site,
    proxy,
    browser,
    async close() {
      await browser.close().catch(() => {});
      await site.close();
      await proxy.close();
    },
  };
}
