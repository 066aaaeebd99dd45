// Approved photos for the public (Open311 media_url): a photo is served only while staff have approved it
// (report_photos.public) and its report is published and not hidden; anything else is a 404 that says
// nothing more.
// Stored photos were re-encoded without metadata, so the bytes carry no EXIF or GPS.
import type { FastifyInstance } from 'fastify';
import type { PhotoStore } from '../photos/store.ts';
import { Open311Error } from './params.ts';

export const MEDIA_PATH = '/open311/v2/media';
const KEY = /^[0-9a-f]{32}$/;

/** The absolute URL media_url gives for a photo key, under the server's public base URL. */
export function mediaUrl(publicBaseUrl: string, key: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${MEDIA_PATH}/${key}.jpg`;
}

export function mediaRoute(fastify: FastifyInstance, store: PhotoStore): void {
  fastify.get<{ Params: { key: string } }>(`${MEDIA_PATH}/:key.jpg`, async (request, reply) => {
    const { key } = request.params;
    if (!KEY.test(key)) throw new Open311Error(404, 'no such media');
    const approved = await fastify.pg.pool.query(
      `SELECT 1 FROM report_photos p JOIN reports r ON r.id = p.report_id
        WHERE p.photo_key = $1 AND p.public AND r.published AND NOT r.hidden`,
      [key],
    );
    if (approved.rowCount === 0) throw new Open311Error(404, 'no such media');
    const photo = await store.get(key);
    if (!photo) throw new Open311Error(404, 'no such media');
    // Short caching: withdrawing the approval, unpublishing or hiding takes effect within minutes.
    return reply
      .header('cache-control', 'public, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .type(photo.contentType)
      .send(photo.bytes);
  });
}
