// GET /admin/meta: every status-like value of the staff API with its labels per language, for the console's
// drop-downs and badges. Each feature adds its enums to this admin instance's registry as it registers.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentStaff } from './auth.ts';
import { enumMetaSchema, type LabelledEnum } from './labelled-enum.ts';
import { ROLES } from './roles.ts';
import { enumFromLocales } from './staff-labels.ts';

declare module 'fastify' {
  interface FastifyInstance {
    staffEnums: StaffEnumRegistry;
  }
}

/** The enums of one admin instance (never module-global: two apps in one process list their own). */
export class StaffEnumRegistry {
  private readonly enums = new Map<string, LabelledEnum>();

  add(...enums: LabelledEnum[]): void {
    for (const labelled of enums) {
      if (this.enums.has(labelled.name)) throw new Error(`staff enum ${labelled.name} is registered twice`);
      this.enums.set(labelled.name, labelled);
    }
  }

  list(): LabelledEnum[] {
    return [...this.enums.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

export const roleEnum = enumFromLocales('staff.role', 'role', 'role', ROLES);

export async function metaRoutes(app: FastifyInstance): Promise<void> {
  const fastify = app.withTypeProvider<ZodTypeProvider>();
  fastify.get(
    '/admin/meta',
    {
      schema: {
        tags: ['staff'],
        summary: 'Every status-like value of the staff API with its labels in Japanese and English',
        description:
          'Any staff member may read it; it names no one. Ids are what requests send and answers carry; ' +
          'requests also accept a label that names one value only.',
        response: { 200: z.object({ enums: z.array(enumMetaSchema) }) },
      },
    },
    async (request) => {
      currentStaff(request);
      return { enums: fastify.staffEnums.list().map((labelled) => labelled.toMeta()) };
    },
  );
}
