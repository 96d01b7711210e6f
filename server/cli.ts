import { parseArgs } from 'node:util';
import { join } from 'node:path';
import {
  addScheme,
  initNetwork,
  openStore,
  rekeyScheme,
  resignDirectory,
  resumeScheme,
  showDirectory,
  stats,
  suspendScheme,
  type StaffHandover,
} from './operator/index.js';
import type { RelayStore } from './store/relay-store.js';

/**
 * The operator CLI: `npm run operator -- <command> [options]`. Written for a charity volunteer:
 * every command says what it did and what to do next; errors say how to fix them.
 */

const HELP = `Ugly Mugs network operator

Usage: npm run operator -- <command> [options]

Commands
  init --name "<network name>"
      Create the network's keys in <data-dir>/network/ (do this once, on the
      operator's own computer). Prints the root public key that apps pin.
  add-scheme --id <id> --name "<name>" --region "<region>" [--region ...]
      Add a local scheme. Prints the staff passphrase ONCE: write it on paper
      and hand it to the scheme's lead in person. It is not stored anywhere.
  suspend-scheme --id <id>      Stop a scheme publishing and reading (keys lost, abuse).
  resume-scheme --id <id>       Lift a suspension.
  rekey-scheme --id <id>        Give a scheme new keys and a new passphrase (a lost
                                laptop, a staff member leaving). Staff should fetch
                                waiting reports before you do this.
  directory                     Print the current signed directory.
  resign                        Sign the current directory again as a new version.
  stats                         Count what the relay holds (never any content).
  help                          Show this text.

Options
  --data-dir <dir>      Where the network keys live (default: ./data, or $RELAY_DATA_DIR)
  --sqlite <file>       The relay's SQLite file (default: <data-dir>/relay.sqlite)
  --database-url <url>  Use PostgreSQL instead (default: $DATABASE_URL)

Examples
  npm run operator -- init --name "Ugly Mugs Network"
  npm run operator -- add-scheme --id north-east --name "North East Ugly Mugs" \\
      --region "Newcastle" --region "Sunderland"
  npm run operator -- suspend-scheme --id north-east

Keep <data-dir>/network/root.key and members.key secret and backed up offline:
whoever holds root.key can change which schemes every app trusts.
`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      sqlite: { type: 'string' },
      'database-url': { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      region: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? 'help';
  if (values.help || command === 'help') {
    console.log(HELP);
    return 0;
  }

  const dataDir = values['data-dir'] ?? process.env.RELAY_DATA_DIR ?? 'data';
  if (command === 'init') {
    if (!values.name) return usage('init needs --name "<network name>".');
    const network = await initNetwork(dataDir, values.name);
    console.log(`Network "${network.name}" is ready in ${join(dataDir, 'network')}.`);
    console.log(`Root public key (apps and relays pin this): ${network.rootPublicKey}`);
    console.log('Next: back up root.key and members.key offline, then add a scheme.');
    return 0;
  }

  const store = await openStore({
    databaseUrl: values['database-url'] ?? process.env.DATABASE_URL,
    sqlitePath: values.sqlite ?? join(dataDir, 'relay.sqlite'),
  });
  try {
    return await run(command, values, dataDir, store);
  } finally {
    await store.close();
  }
}

async function run(
  command: string,
  values: { id?: string; name?: string; region?: string[] },
  dataDir: string,
  store: RelayStore,
): Promise<number> {
  switch (command) {
    case 'add-scheme': {
      if (!values.id || !values.name) return usage('add-scheme needs --id and --name.');
      const scheme = { id: values.id, name: values.name, regions: values.region ?? [] };
      printHandover('added', await addScheme(dataDir, store, scheme));
      return 0;
    }
    case 'suspend-scheme':
    case 'resume-scheme': {
      if (!values.id) return usage(`${command} needs --id.`);
      const change = command === 'suspend-scheme' ? suspendScheme : resumeScheme;
      const signed = await change(dataDir, store, values.id);
      const verb = command === 'suspend-scheme' ? 'suspended' : 'active again';
      console.log(
        `Scheme ${values.id} is ${verb} (directory version ${signed.directory.version}).`,
      );
      return 0;
    }
    case 'rekey-scheme': {
      if (!values.id) return usage('rekey-scheme needs --id.');
      printHandover('re-keyed', await rekeyScheme(dataDir, store, values.id));
      return 0;
    }
    case 'directory': {
      const directory = await showDirectory(dataDir, store);
      console.log(directory ? JSON.stringify(directory, null, 2) : 'No directory yet.');
      return 0;
    }
    case 'resign': {
      const signed = await resignDirectory(dataDir, store);
      console.log(`Directory signed as version ${signed.directory.version}.`);
      return 0;
    }
    case 'stats':
      console.log(JSON.stringify(await stats(dataDir, store), null, 2));
      return 0;
    default:
      return usage(`Unknown command "${command}".`);
  }
}

function printHandover(what: string, handover: StaffHandover): void {
  console.log(`Scheme ${what}. Staff passphrase (shown once, not stored anywhere):`);
  console.log('');
  console.log(`    ${handover.passphrase}`);
  console.log('');
  console.log('Write it down and hand it to the scheme lead in person. Staff unlock the');
  console.log('scheme in the extension with it; if it is lost, run rekey-scheme.');
}

function usage(problem: string): number {
  console.error(`${problem} Run "npm run operator -- --help" for how.`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : 'The command failed.');
    process.exit(1);
  },
);
