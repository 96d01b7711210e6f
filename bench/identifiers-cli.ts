import { benchIdentifiers } from './identifiers.js';

// Prints the identifier bench on its own: `npx tsx bench/identifiers-cli.ts`.
const rows = await benchIdentifiers();
console.table(
  rows.map((row) => ({
    metric: row.metric,
    ours: row.ours,
    baseline: row.baseline ?? '—',
    unit: row.unit,
  })),
);
for (const row of rows) console.log(`- ${row.metric}: ${row.method}`);
