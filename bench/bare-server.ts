/**
 * The bench's baseline: a bare fastify server whose one route only parses the JSON body and
 * answers. Ingest is measured as a ratio of this, in the same run on the same machine, so the
 * figure holds on a busy or slow box. Same fastify, same body limit, same path as the webhook.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
app.post('/salon/call', async (request) => ({ ok: true, received: typeof request.body === 'object' }));
await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = app.server.address() as { port: number };
console.log(`listening on http://127.0.0.1:${port}`);
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
