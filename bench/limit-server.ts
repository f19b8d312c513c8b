/**
 * The bench's limit: what a durable webhook must cost at the least. Its one route parses the
 * JSON body, appends the event under its idempotency key to SQLite (WAL, `synchronous=FULL`,
 * as the app's database), group-committed once per turn of the event loop, and answers each
 * request after its group's commit. Ingest is measured as a ratio of this, in the same run.
 * Same fastify, same body limit, same path as the webhook. Argument: the database file.
 */
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const db = new Database(process.argv[2] ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS events (idempotency_key TEXT PRIMARY KEY, received_at INTEGER NOT NULL, payload TEXT NOT NULL)');
const append = db.prepare('INSERT INTO events (idempotency_key, received_at, payload) VALUES (?, ?, ?) ON CONFLICT(idempotency_key) DO NOTHING');

interface Pending {
  key: string;
  payload: string;
  answer: (duplicate: boolean) => void;
}
let group: Pending[] = [];
const commit = db.transaction((events: Pending[], now: number) => events.map((e) => append.run(e.key, now, e.payload).changes === 0));
function commitGroup(): void {
  const events = group;
  group = [];
  const duplicates = commit(events, Date.now());
  for (let i = 0; i < events.length; i++) events[i]!.answer(duplicates[i]!);
}

const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
app.post('/salon/call', (request) => {
  const body = request.body as { call_sid?: unknown; event?: unknown };
  return new Promise((resolve) => {
    group.push({ key: `call:${String(body.call_sid)}:${String(body.event)}`, payload: JSON.stringify(body), answer: (duplicate) => resolve({ ok: true, duplicate }) });
    if (group.length === 1) setImmediate(commitGroup);
  });
});
await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = app.server.address() as { port: number };
console.log(`listening on http://127.0.0.1:${port}`);
const stop = () => void app.close().then(() => {
  db.close();
  process.exit(0);
});
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
