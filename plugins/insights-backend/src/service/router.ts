import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  INSIGHTS_GROUPINGS,
  MAX_BODY_BYTES,
  insightsReadPermission,
  type InsightsGrouping,
} from 'backstage-plugin-insights-wasm-common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { once } from 'node:events';
import type { InsightsStore } from '../database/InsightsStore';
import { dayOf, isDay } from '../database/days';
import type { RateLimiter } from '../ingest/rateLimiter';
import { validateBatch } from '../ingest/validateBatch';
import { csvFormat, ndjsonFormat } from '../read/exportFormat';
import type { EventIngest } from './ingest';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  store: InsightsStore;
  ingest: EventIngest;
  limiter: RateLimiter;
  minTeamSize: number;
}

/** Seconds a client waits after 503 before its retry. */
const UNAVAILABLE_RETRY_AFTER_S = 5;
const MAX_RANGE_DAYS = 3660;

type Handler = (req: Request, res: Response, next: NextFunction) => Promise<void>;
/** Express 4 does not pass on a rejected promise. */
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => {
  fn(req, res, next).catch(next);
};

function refuse(res: Response, status: number, message: string, extra: Record<string, unknown> = {}) {
  res.status(status).json({ error: { name: 'InsightsError', message }, ...extra });
}

export function createRouter(options: RouterOptions): express.Router {
  const { httpAuth, permissions, logger, store, ingest, limiter } = options;
  const router = express.Router();

  // Who sends is known before the body is read: no token, no parsing.
  const signedInUser: Handler = async (_req, res, next) => {
    const credentials = await httpAuth.credentials(_req, { allow: ['user'] });
    res.locals.userEntityRef = credentials.principal.userEntityRef;
    next();
  };
  const body = express.json({ limit: MAX_BODY_BYTES, type: () => true });

  router.post('/events', handle(signedInUser), body, handle(async (req, res) => {
    const user: string = res.locals.userEntityRef;
    const count = Array.isArray(req.body?.events) ? Math.max(1, req.body.events.length) : 1;
    const allowed = limiter.take(user, count);
    if (!allowed.ok) {
      res.setHeader('Retry-After', String(allowed.retryAfterSeconds));
      refuse(res, 429, `more than the per-user rate limit; retry after ${allowed.retryAfterSeconds} s`);
      return;
    }
    const checked = validateBatch(req.body);
    if ('problem' in checked) {
      const { field, message } = checked.problem;
      refuse(res, 400, `${field}: ${message}`, { field });
      return;
    }
    let result;
    try {
      result = await ingest.ingest(checked.batch, user);
    } catch (e) {
      logger.error(`Insights: a batch could not be stored and will be retried by its client: ${e}`);
      res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
      refuse(res, 503, 'the events could not be stored now; retry later');
      return;
    }
    if (result.status === 'identityMismatch') {
      refuse(res, 403, `events[${result.index}].identity is not the signed-in user's identity; nothing was stored`, {
        field: `events[${result.index}].identity`,
      });
      return;
    }
    res.status(200).json({ received: result.received, stored: result.stored });
  }));

  // Body errors from express.json, answered in the same shape as the rest.
  router.use('/events', (err: any, _req: Request, res: Response, next: NextFunction) => {
    if (err?.type === 'entity.too.large') {
      refuse(res, 413, `the body is larger than ${MAX_BODY_BYTES} bytes; split the batch`);
    } else if (err?.type === 'entity.parse.failed' || err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported') {
      refuse(res, 400, `body: not valid JSON (${err.message})`, { field: 'body' });
    } else {
      next(err);
    }
  });

  const readAllowed: Handler = async (req, _res, next) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission: insightsReadPermission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`reading Insights needs the permission ${insightsReadPermission.name}`);
    }
    next();
  };

  router.get('/summary', handle(readAllowed), handle(async (req, res) => {
    const { from, to } = range(req);
    const grouping = (req.query.grouping ?? 'day') as InsightsGrouping;
    if (!INSIGHTS_GROUPINGS.includes(grouping)) {
      throw new InputError(`grouping must be one of ${INSIGHTS_GROUPINGS.join(', ')}, got ${String(req.query.grouping)}`);
    }
    res.json(await store.summary({ from, to, grouping, minTeamSize: options.minTeamSize, limit: 10 }));
  }));

  router.get('/export', handle(readAllowed), handle(async (req, res) => {
    const { from, to } = range(req);
    const formatName = req.query.format ?? 'csv';
    const format = formatName === 'csv' ? csvFormat : formatName === 'ndjson' ? ndjsonFormat : undefined;
    if (!format) throw new InputError(`format must be csv or ndjson, got ${String(formatName)}`);
    const pages = store.exportEvents({ from, to, minTeamSize: options.minTeamSize })[Symbol.asyncIterator]();
    // The first page is read before the headers go, so a failing database still gets a clear error status.
    let page = await pages.next();
    res.setHeader('Content-Type', format.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="insights-${from}-${to}.${formatName}"`);
    res.write(format.header);
    try {
      while (!page.done) {
        if (!res.write(page.value.map(format.row).join(''))) await once(res, 'drain');
        page = await pages.next();
      }
      res.end();
    } catch (e) {
      // Headers are gone: a cut connection is the only way left to say the file is incomplete.
      logger.error(`Insights: an export failed midway: ${e}`);
      res.destroy(e as Error);
    }
  }));

  return router;
}

/** `from` and `to` as days, inclusive; the last 30 days by default. */
function range(req: Request): { from: string; to: string } {
  const to = req.query.to ?? dayOf(Date.now());
  const from = req.query.from ?? dayOf(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000);
  if (!isDay(from)) throw new InputError(`from must be a day as YYYY-MM-DD, got ${String(from)}`);
  if (!isDay(to)) throw new InputError(`to must be a day as YYYY-MM-DD, got ${String(to)}`);
  if (from > to) throw new InputError(`from (${from}) is after to (${to})`);
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 >= MAX_RANGE_DAYS) {
    throw new InputError(`the range is longer than ${MAX_RANGE_DAYS} days`);
  }
  return { from, to };
}
