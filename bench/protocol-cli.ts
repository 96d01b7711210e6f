import { renderTable } from './run.js';
import { benchProtocol } from './protocol.js';

/**
 * Prints the protocol bench alone: `npx tsx bench/protocol-cli.ts`. `npm run bench` includes the
 * same rows with every other area's.
 */
const rows = await benchProtocol();
console.log(renderTable(rows.map((row) => ({ area: 'protocol', ...row }))));
process.exit(0);
