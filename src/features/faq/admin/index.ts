// The よくある質問 staff API under /admin/faq in scope `faq`, registered by the admin plugin as one of its
// features.
import type { FastifyInstance } from 'fastify';
import type { AdminRoutes } from '../../../admin/admin-plugin.ts';
import type { FaqStore } from '../store.ts';
import { faqRoutes } from './routes.ts';
import { languageEnum, reviewReasonEnum } from './schemas.ts';

export function createFaqAdminRoutes(options: { store: FaqStore; now: () => Date }): AdminRoutes {
  return async function faqAdmin(fastify: FastifyInstance): Promise<void> {
    fastify.staffEnums.add(reviewReasonEnum);
    fastify.staffEnums.add(languageEnum);
    await fastify.register(faqRoutes(options));
  };
}
