import { mkdirSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createStream } from 'rotating-file-stream';

export const LOG_FILE = 'salon_analytics.log';

/** A phone number with its middle hidden: enough to tell callers apart in a log, not to call them. */
export function maskPhone(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  return phone.length <= 6 ? '•••' : `${phone.slice(0, 4)}•••${phone.slice(-3)}`;
}

/**
 * The phone system's event webhooks, the busiest routes: each logs one line of its own per
 * event (what was stored, or why it was refused) instead of fastify's two lines per request.
 */
export function isEventWebhook(request: { method?: string; url?: string }): boolean {
  return request.method === 'POST' && (request.url === '/salon/call' || request.url === '/salon/appointment');
}

/** A parameter name as a server might read it: percent-decoded until it stops changing. */
function decodedName(name: string): string {
  let decoded = name.replace(/\+/g, ' ');
  for (let i = 0; i < 4; i++) {
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      break;
    }
  }
  return decoded;
}

/** A URL without its query's secrets: the value of every parameter whose name, however spelt (`token`, `TOKEN`, `%74oken`, `access_token`), says token. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq >= 0 && /token/i.test(decodedName(part.slice(0, eq))) ? `${part.slice(0, eq)}=***` : part;
    });
  return `${url.slice(0, q + 1)}${params.join('&')}`;
}

/**
 * A stream that hands `target` the lines written while its previous write was under way as one
 * chunk. rotating-file-stream writes every chunk it is given on its own (a file write and a
 * promise each): one per log line cost about a tenth of a webhook's time under load.
 */
function coalesced(target: Writable): Writable {
  return new Writable({
    decodeStrings: false,
    write: (chunk: string | Buffer, _encoding, done) => target.write(chunk, done),
    writev: (chunks, done) => target.write(chunks.map(({ chunk }) => String(chunk)).join(''), done),
    final: (done) => target.end(() => done()),
  });
}

/**
 * Structured logs (pino, fastify's own logger) to `<dir>/salon_analytics.log`, rotated at
 * 10 MB or daily, 30 files kept. Requests carry fastify's request id; bodies are never
 * logged, and tokens and signatures are redacted.
 */
export function createFileLogger(dir: string, level = 'info'): { logger: Logger; close(): Promise<void> } {
  mkdirSync(dir, { recursive: true });
  const stream = coalesced(createStream(LOG_FILE, { path: dir, size: '10M', interval: '1d', maxFiles: 30 }));
  const logger = pino(
    {
      level,
      redact: [
        'req.headers.authorization',
        'req.headers["x-twilio-signature"]',
        'req.headers["openphone-signature"]',
        'req.headers["webhook-signature"]',
        'req.headers["telnyx-signature-ed25519"]',
        'req.headers.cookie',
      ],
      serializers: {
        req: (req: { id: string; method: string; url: string; ip?: string }) => ({ id: req.id, method: req.method, url: safeUrl(req.url), ip: req.ip }),
      },
    },
    stream,
  );
  // Closing waits for the last lines to reach the file.
  return { logger, close: () => new Promise<void>((done) => stream.end(() => done())) };
}
