import { readRelayConfig } from './config.js';
import { createEventLog } from './event-log.js';
import { startRelay } from './relay.js';

/**
 * `npm run relay`: starts a relay configured by the environment (config.ts; docs/deploy.md) and
 * stops it cleanly on SIGTERM/SIGINT so systemd restarts never cut a write in half.
 */
async function main(): Promise<void> {
  const config = await readRelayConfig();
  const log = createEventLog({ level: config.logLevel });
  const relay = await startRelay({ ...config.options, log });
  // A line for whoever started it (and for tests that spawn the relay): the port, nothing else.
  console.log(JSON.stringify({ event: 'listening', url: relay.url, port: relay.port }));

  const stop = async () => {
    await relay.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  // Configuration errors are written for the operator and carry no secrets.
  console.error(`Relay did not start: ${error instanceof Error ? error.message : 'unknown error'}`);
  process.exit(1);
});
