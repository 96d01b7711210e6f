import puppeteer, { type Browser } from 'puppeteer-core';

/** Debian's Firefox ESR (apt-get install firefox-esr); tests that need it skip without it. */
export const FIREFOX = '/usr/bin/firefox-esr';

/**
 * Firefox ESR driven over WebDriver BiDi, kept on loopback as the Chromium launches are: every
 * request to any other host goes to a closed local port (the discard port), and the background
 * services that would call out (updates, telemetry, captive-portal and connectivity checks,
 * safe-browsing lists, DNS prefetch) are off.
 */
export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
      'network.proxy.allow_hijacking_localhost': false,
      'network.dns.disablePrefetch': true,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      'app.update.enabled': false,
      'toolkit.telemetry.enabled': false,
      'datareporting.healthreport.uploadEnabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'browser.safebrowsing.downloads.enabled': false,
      'extensions.update.enabled': false,
    },
  });
}
