// Open311 GeoReport v2 at /open311/v2 (JSON): the services, the published requests, and POST requests.json for
// partner systems holding an API key. Only the exporters' public mapping of published reports is ever sent:
// no personal data, no unreviewed report.
import type { FastifyError, FastifyInstance } from 'fastify';
import { transact } from '../../../db/transact.ts';
import { type GeoPolygon, loadCityBoundary } from '../../../geo/boundary.ts';
import { loadReportCatalog, type ReportCatalog } from '../catalog/catalog.ts';
import { ReportError } from '../errors.ts';
import { open311Services, toOpen311Request, toOpen311Requests } from '../export/open311.ts';
import type { PhotoStore } from '../photos/store.ts';
import { findReportByNumber, findReportsByNumbers, listReports } from '../repository.ts';
import { createReport } from '../resident-actions.ts';
import { apiKeyGuard } from './api-keys.ts';
import { mediaRoute, mediaUrl } from './media.ts';
import { MAX_REQUEST_IDS, number, Open311Error, type Params, requestFilter, text } from './params.ts';

export interface Open311Options {
  /** Keys that may POST requests (OPEN311_API_KEYS); with none, POST is refused. */
  apiKeys: readonly string[];
  catalog?: ReportCatalog;
  boundary?: GeoPolygon;
  /**
   * The server's public base URL (PUBLIC_BASE_URL): with it and `store`, approved photos are served under
   * /open311/v2/media and given as media_url; without them no media_url is given.
   */
  publicBaseUrl?: string | undefined;
  store?: PhotoStore;
  /** OPEN311_AUTO_PUBLISH: reports posted here are published at once instead of after staff review. */
  autoPublish?: boolean;
  now?: () => Date;
}

const PREFIX = '/open311/v2';
const NUMBER = /^R\d{1,12}$/;

function asParams(value: unknown): Params {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Params) : {};
}

export async function open311Routes(fastify: FastifyInstance, options: Open311Options): Promise<void> {
  const catalog = options.catalog ?? loadReportCatalog();
  const now = options.now ?? (() => new Date());
  const { publicBaseUrl, store } = options;
  const mapping = publicBaseUrl && store ? { photoUrl: (key: string) => mediaUrl(publicBaseUrl, key) } : {};
  const pool = fastify.pg.pool;
  const checkKey = apiKeyGuard(pool, options.apiKeys);

  // Partner systems post forms (the spec's encoding) as often as JSON.
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 65_536 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  // Open311 errors are a list of { code, description }.
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'open311 request failed');
      return reply.code(500).send([{ code: 500, description: 'internal error' }]);
    }
    return reply.code(status).send([{ code: status, description: error.message }]);
  });

  if (store) mediaRoute(fastify, store);

  fastify.get(`${PREFIX}/services.json`, async (request) => {
    const lang = text(asParams(request.query), 'locale', 10)?.startsWith('en') ? 'en' : 'ja';
    return open311Services(catalog, lang);
  });

  fastify.get(`${PREFIX}/services/:code.json`, async () => {
    // No category asks extra attributes (metadata: false), so no definition exists to send.
    throw new Open311Error(404, 'services have no attribute definitions (metadata is false)');
  });

  fastify.get(`${PREFIX}/requests.json`, async (request) => {
    const params = asParams(request.query);
    // Room for the most numbers allowed, each R + up to 12 digits, a comma and a space.
    const ids = text(params, 'service_request_id', MAX_REQUEST_IDS * 16);
    if (ids) {
      const numbers = [
        ...new Set(
          ids
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
      if (numbers.length > MAX_REQUEST_IDS || !numbers.every((n) => NUMBER.test(n))) {
        throw new Open311Error(
          400,
          `service_request_id must be a comma-separated list of at most ${MAX_REQUEST_IDS} numbers like R000123`,
        );
      }
      const found = await findReportsByNumbers(pool, numbers, { publicOnly: true });
      return toOpen311Requests(found, catalog, mapping);
    }
    const { items } = await listReports(pool, requestFilter(params, catalog, now()));
    return toOpen311Requests(items, catalog, mapping);
  });

  fastify.get<{ Params: { id: string } }>(`${PREFIX}/requests/:id.json`, async (request) => {
    const id = request.params.id;
    const report = NUMBER.test(id) ? await findReportByNumber(pool, id) : null;
    const view = report ? toOpen311Request(report, catalog, mapping) : null;
    if (!view) throw new Open311Error(404, `no service request ${id}`);
    return [view];
  });

  fastify.post(`${PREFIX}/requests.json`, async (request, reply) => {
    const params = { ...asParams(request.query), ...asParams(request.body) };
    await checkKey(request, reply, params.api_key);
    const serviceCode = text(params, 'service_code', 100);
    if (!serviceCode) throw new Open311Error(400, 'service_code is required');
    const lat = number(params, 'lat');
    const lon = number(params, 'long');
    // Address-only requests would need geocoding, which the city does not run: a point is required.
    if (lat === undefined || lon === undefined) throw new Open311Error(400, 'lat and long are required');
    const boundary = options.boundary ?? (await loadCityBoundary());
    try {
      const report = await transact(pool, (tx) =>
        createReport(
          tx,
          {
            userId: null,
            category: serviceCode,
            lat,
            lon,
            address: text(params, 'address_string', 500) ?? null,
            comment: text(params, 'description', 4000, { multiLine: true }) ?? null,
            photoKeys: [],
            photosOptional: true,
          },
          { catalog, boundary, autoPublish: options.autoPublish === true },
        ),
      );
      return reply
        .code(201)
        .send([{ service_request_id: report.number, service_notice: '', account_id: null }]);
    } catch (error) {
      if (error instanceof ReportError) {
        const field: Record<string, string> = {
          UNKNOWN_CATEGORY: 'service_code',
          INVALID_POSITION: 'lat/long',
          OUTSIDE_CITY: 'lat/long',
          COMMENT_TOO_LONG: 'description',
        };
        const name = field[error.reportCode];
        throw new Open311Error(error.statusCode, name ? `${name}: ${error.message}` : error.message);
      }
      throw error;
    }
  });
}
