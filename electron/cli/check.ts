/** `npm run check`: what the app would start with (config, database, port), exit 0, or 1 with the reason. */
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolveConfig, type ResolvedConfig } from '../config/config.js';
import { assertSafeBind } from '../server/auth.js';
import { openDatabase, schemaVersion, type SalonDatabase } from '../core/db.js';
import { defaultSettings, readSavedSettings } from '../core/settings.js';
import { migrations } from '../core/migrations.js';
import { CONNECTOR_IDS } from '../contract/index.js';
import { NO_CONNECTORS, resolveCredentials, tryCredentials } from '../connectors/hub.js';
import { credentialsPathFor, FileCredentialStore } from '../connectors/credentials.js';
import { systemTimer } from '../scheduler/timer.js';

const problems: string[] = [];
const line = (label: string, text: string) => console.log(`  ${label.padEnd(16)} ${text}`);

function portFree(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      resolve(err.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use` : `cannot listen on ${host}:${port}: ${err.message}`),
    );
    probe.listen({ host, port }, () => probe.close(() => resolve(null)));
  });
}

/** Rows the upgrade set aside (impossible instants): listed for a person to look at; they do not make the check fail. */
function listQuarantine(db: SalonDatabase): void {
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'quarantine'`).get()) return;
  const rows = db.prepare('SELECT source, row_key, reason FROM quarantine ORDER BY id').all() as { source: string; row_key: string; reason: string }[];
  line('quarantine', rows.length === 0 ? 'none' : `${rows.length} row(s) set aside, kept in the quarantine table:`);
  for (const r of rows.slice(0, QUARANTINE_LISTED)) console.log(`    ${r.source} ${r.row_key}: ${r.reason}`);
  if (rows.length > QUARANTINE_LISTED) console.log(`    … and ${rows.length - QUARANTINE_LISTED} more`);
}
const QUARANTINE_LISTED = 50;

let resolved: ResolvedConfig | undefined;
console.log('config');
try {
  resolved = resolveConfig(process.argv.slice(2), process.env, process.cwd());
  for (const [key, { value, source }] of Object.entries(resolved.sources)) line(key, `${value}  (${source})`);
  assertSafeBind(resolved.config.host, resolved.config.token);
} catch (err) {
  problems.push((err as Error).message);
  line('error', (err as Error).message);
}

if (resolved) {
  const { config } = resolved;
  console.log('database');
  line('file', config.dbPath);
  if (!existsSync(config.dbPath)) {
    line('status', 'not created yet (it will be on first start)');
  } else {
    try {
      // Read-only: checking never migrates or writes.
      const db = openDatabase(config.dbPath, { readonly: true });
      const integrity = db.pragma('quick_check', { simple: true });
      const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const version = schemaVersion(db);
      line('schema', `version ${version} of ${migrations.length}${version < migrations.length ? ' (will be upgraded on start)' : ''}`);
      line('integrity', String(integrity));
      line('contents', `${count('customers')} customers, ${count('calls')} calls, ${count('appointments')} appointments`);
      listQuarantine(db);
      line('size', `${(statSync(config.dbPath).size / 1048576).toFixed(1)} MB`);
      line('time zone', { ...defaultSettings(), ...readSavedSettings(db), ...config.overrides }.timezone);
      if (integrity !== 'ok') problems.push(`database integrity check failed: ${integrity}`);
      db.close();
    } catch (err) {
      problems.push(`database: ${(err as Error).message}`);
      line('error', (err as Error).message);
    }
  }
  console.log('phone connectors');
  const connectors = config.connectors ?? NO_CONNECTORS;
  const store = new FileCredentialStore(credentialsPathFor(config.dbPath));
  for (const id of CONNECTOR_IDS) {
    const credentials = resolveCredentials(id, connectors, store);
    if (!credentials) {
      line(id, 'off (no credentials)');
      continue;
    }
    const result = await tryCredentials(id, credentials.values, connectors, { timer: systemTimer, now: Date.now });
    line(id, `${result.ok ? 'ok' : 'error'}: ${result.message} (credentials from ${credentials.source === 'env' ? 'the environment' : 'Settings'})`);
    if (!result.ok) problems.push(result.message);
  }
  console.log('port');
  const busy = await portFree(config.host, config.port);
  line(`${config.host}:${config.port}`, busy ?? 'free');
  if (busy) problems.push(busy);
}

if (problems.length) {
  console.log(`\nnot ready: ${problems.join('; ')}`);
  process.exit(1);
}
console.log('\nready');
