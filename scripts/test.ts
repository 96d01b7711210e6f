/**
 * The one test command (`npm test`): checks formatting, lint and types, builds the widget and
 * the extension, runs every vitest project (unit, relay on SQLite and PostgreSQL, Chromium
 * end-to-end), and ends with the plain line `N passed, N failed` that CI reads.
 *
 * It installs what a fresh Debian machine lacks for the browser tests (Chromium and Firefox ESR
 * from apt, when run as root) and otherwise says what to install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const BROWSERS = { chromium: '/usr/bin/chromium', 'firefox-esr': '/usr/bin/firefox-esr' };
const RESULTS = 'test-results/vitest.json';

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

/** Installs the browsers the end-to-end tests drive, from Debian, when run as root. */
function ensureBrowsers(): void {
  const missing = Object.entries(BROWSERS)
    .filter(([, path]) => !existsSync(path))
    .map(([name]) => name);
  if (missing.length === 0) return;
  if (process.getuid?.() === 0) {
    console.log(`Installing ${missing.join(' and ')} from Debian for the browser tests.`);
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', ...missing]);
  }
  const still = missing.filter((name) => !existsSync(BROWSERS[name as keyof typeof BROWSERS]));
  if (still.length) {
    console.error(`The browser tests need: sudo apt-get install -y ${still.join(' ')}`);
  }
}

const failures: string[] = [];
const onlyUnit = process.argv.includes('--unit');

console.log('\n== check: format, lint, types');
if (run('npm', ['run', '--silent', 'check']) !== 0) failures.push('check');

console.log('\n== build: widget and extension');
// The extension into its own folder: `.output/chrome-mv3` is the one `npm start` built for the
// local network, maybe loaded in a browser now, and must not be replaced by one without it.
if (run('npm', ['run', '--silent', 'build'], { UMN_OUT_DIR: '.output/test' }) !== 0) {
  failures.push('build');
}

if (!onlyUnit) ensureBrowsers();

console.log('\n== tests');
mkdirSync('test-results', { recursive: true });
rmSync(RESULTS, { force: true });
const projects = onlyUnit ? ['--project', 'unit'] : [];
run('npx', [
  'vitest',
  'run',
  ...projects,
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${RESULTS}`,
]);

let passed = 0;
let failed = failures.length;
if (existsSync(RESULTS)) {
  const report = JSON.parse(readFileSync(RESULTS, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    testResults: { status: string; assertionResults: unknown[] }[];
  };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  // A test file that fails to load has no assertions but is still a failure.
  failed += report.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length;
} else {
  failed += 1;
  failures.push('vitest produced no report');
}

if (failures.length) console.log(`\nFailed steps: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
