/**
 * CSV import and export over HTTP.
 *
 * `POST /salon/import?source=&kind=&dry_run=1&skip_invalid=1&create_services=1&date_order=&import_id=`
 * takes the file as the raw body (`Content-Type: text/csv`, `application/csv`,
 * `application/vnd.ms-excel` or `application/octet-stream`; anything else is 415), up to 50 MiB (this route's own
 * limit; every other route keeps 64 KiB). It answers the import report: 200 when imported, or
 * for a dry run whatever it found; 400 when the file is refused (a rejected row without
 * `skip_invalid`: `details` lists every rejected row's field and reason, nothing is stored) or
 * cannot be read. Progress is pushed on the WebSocket `/salon` as `import.progress` messages
 * (with the `import_id` given, or the one the report answers), at most every 200 ms. Reading,
 * checking and applying yield to other requests every few tens of ms; applying is still one
 * transaction (on a second connection), and webhooks that arrive meanwhile are spooled (202)
 * and stored once it has committed or rolled back.
 *
 * `GET /salon/export/{customers,appointments,calls,weekly}.csv?from=&to=&include_test=&weeks=&until=&bom=`
 * streams one export as a download.
 */
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError } from 'fastify';
import {
  EXPORT_KINDS,
  KINDS,
  SOURCE_IDS,
  type DateOrder,
  type ExportKind,
  type ImportKind,
  type ImportProgress,
  type ImportReport,
  type SourceId,
} from '../../contract/index.js';
import { ImportFileError } from '../../core/csv/import.js';
import { importOnThread } from '../../core/csv/import-thread.js';
import { uploadBodyParser } from '../upload-body.js';
import { exportCsv } from '../../core/csv/export.js';
import type { RouteContext } from './context.js';
import type { BodyTypesConfig } from '../write-guard.js';

export const CSV_BODY_LIMIT_BYTES = 50 * 1024 * 1024;
/** Rejections listed in an HTTP answer; the count says how many there were in all. */
const MAX_LISTED = 1000;

/** A yes/no query parameter: `1`, `true` or `yes`; `0`, `false`, `no` or empty. */
const Flag = Type.Optional(Type.Unsafe<string>({ type: 'string', enum: ['1', '0', 'true', 'false', 'yes', 'no', ''] }));
const yes = (flag: string | undefined) => flag === '1' || flag === 'true' || flag === 'yes';
const ImportQuery = Type.Object({
  source: Type.Optional(Type.Unsafe<SourceId>({ type: 'string', enum: [...SOURCE_IDS] })),
  kind: Type.Optional(Type.Unsafe<ImportKind>({ type: 'string', enum: [...KINDS] })),
  dry_run: Flag,
  skip_invalid: Flag,
  create_services: Flag,
  date_order: Type.Optional(Type.Unsafe<DateOrder>({ type: 'string', enum: ['mdy', 'dmy'] })),
  preview: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  import_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' })),
});

const ExportQuery = Type.Object({
  from: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  include_test: Flag,
  weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 520 })),
  weeks_back: Type.Optional(Type.Integer({ minimum: 1, maximum: 520 })),
  until: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  bom: Flag,
});

/** What a CSV upload may be labelled; never a type a page on another site can send without a preflight (see write-guard.ts). */
const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

function capped(report: ImportReport): ImportReport & { rejections_listed: number } {
  return { ...report, rejections: report.rejections.slice(0, MAX_LISTED), rejections_listed: Math.min(MAX_LISTED, report.rejections.length) };
}

export const csvRoutes = ({ salon }: RouteContext): FastifyPluginAsyncTypebox => async (app) => {
  // Raw bytes: the importer streams and decodes them itself.
  app.addContentTypeParser(CSV_TYPES, uploadBodyParser);

  app.post(
    '/salon/import',
    {
      schema: { querystring: ImportQuery },
      bodyLimit: CSV_BODY_LIMIT_BYTES,
      config: { bodyTypes: CSV_TYPES } satisfies BodyTypesConfig,
      errorHandler: (err: FastifyError, _request, reply) => {
        if (err.statusCode === 413) {
          return reply.code(413).send({ error: `the CSV file is larger than the ${CSV_BODY_LIMIT_BYTES / 1024 / 1024} MiB limit; split it or use npm run import`, details: [] });
        }
        if (err.statusCode === 415) {
          const message = `send the CSV file as the body with Content-Type: ${CSV_TYPES.join(', ')} (text/plain is refused: any web page could send it)`;
          return reply.code(415).send({ error: message, details: [{ field: 'body', message }] });
        }
        throw err;
      },
    },
    async (request, reply) => {
      const body = request.body as unknown;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        const message = 'send the CSV file as the body with Content-Type: text/csv';
        return reply.code(400).send({ error: message, details: [{ field: 'body', message }] });
      }
      const q = request.query;
      const importId = q.import_id ?? `imp_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
      let lastPush = 0;
      const push = (p: ImportProgress) => {
        const now = Date.now();
        const end = p.phase === 'done' || (p.total !== null && p.done === p.total);
        if (!end && now - lastPush < 200) return;
        lastPush = now;
        salon.changes.publish('import.progress', { import_id: importId, ...p });
      };
      let report: ImportReport;
      try {
        report = await importOnThread(salon, body, {
          source: q.source,
          kind: q.kind,
          dryRun: yes(q.dry_run),
          skipInvalid: yes(q.skip_invalid),
          createServices: yes(q.create_services),
          dateOrder: q.date_order,
          previewRows: q.preview,
          totalBytes: body.length,
          onProgress: push,
        });
      } catch (err) {
        if (err instanceof ImportFileError) {
          push({ phase: 'done', done: 0, total: 0 });
          return reply.code(400).send({ error: err.message, details: [{ field: 'body', message: err.message }] });
        }
        throw err;
      }
      report.import_id = importId;
      if (report.refused && !report.dry_run) {
        return reply.code(400).send({
          error: report.refused,
          details: report.rejections.slice(0, MAX_LISTED).map((p) => ({
            field: `row ${p.row} ${p.field}`,
            message: p.reason,
            row: p.row,
            line: p.line,
            column: p.column,
          })),
          report: capped(report),
        });
      }
      return capped(report);
    },
  );

  for (const what of EXPORT_KINDS) {
    app.get(`/salon/export/${what}.csv`, { schema: { querystring: ExportQuery } }, async (request, reply) => {
      const q = request.query;
      const stream = exportCsv(salon, what as ExportKind, {
        from: q.from,
        to: q.to,
        includeTest: yes(q.include_test),
        weeks: q.weeks ?? q.weeks_back,
        until: q.until,
        bom: yes(q.bom),
      });
      const day = new Date(salon.clock.now()).toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="salon-${what}-${day}.csv"`)
        .send(stream);
    });
  }
};
