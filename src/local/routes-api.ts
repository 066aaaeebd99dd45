// The simulator API for users and their conversation: state, users, events (through /webhook), transcript,
// its live stream, the phone's language and the staff push tool.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CITY_BOUNDARY_CREDIT, loadCityBoundary } from '../geo/boundary.ts';
import { KASUGA_PLACES, PLACES_CREDIT } from './places.ts';
import {
  createUserSchema,
  parseBody,
  pushSchema,
  setLanguageSchema,
  simEventSchema,
  USER_ID,
} from './schemas.ts';
import { SimEventError, sendUserEvent } from './send-event.ts';
import type { SimUser } from './sim-users.ts';
import { profileLanguageOf } from './sim-users.ts';
import type { SimulatorContext } from './simulator-context.ts';

type UserParams = { Params: { userId: string } };

// Base64 of a 10 MB photo plus JSON around it.
const EVENT_BODY_LIMIT = 15 * 1024 * 1024;

/** The user, or a 404 answer and undefined. */
export function findUser(sim: SimulatorContext, userId: string, reply: FastifyReply): SimUser | undefined {
  const user = USER_ID.test(userId) ? sim.users.get(userId) : undefined;
  if (!user) void reply.code(404).send({ error: `unknown user ${userId}` });
  return user;
}

export function sendSimError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof SimEventError) return reply.code(error.statusCode).send({ error: error.message });
  throw error;
}

export async function simulatorApiRoutes(app: FastifyInstance, sim: SimulatorContext): Promise<void> {
  app.get('/api/state', async () => ({
    users: sim.users.list(),
    places: KASUGA_PLACES,
    boundary: await loadCityBoundary(),
    credits: [CITY_BOUNDARY_CREDIT, PLACES_CREDIT],
  }));

  app.post('/api/users', async (request, reply) => {
    const body = parseBody(createUserSchema, request.body, reply);
    if (!body) return reply;
    const user = await sim.users.create(body.displayName, body.language);
    sim.emulator.addUser({
      userId: user.userId,
      displayName: user.displayName,
      language: profileLanguageOf(user.language),
    });
    return user;
  });

  app.post<UserParams>(
    '/api/users/:userId/events',
    { bodyLimit: EVENT_BODY_LIMIT },
    async (request, reply) => {
      const user = findUser(sim, request.params.userId, reply);
      if (!user) return reply;
      const body = parseBody(simEventSchema, request.body, reply);
      if (!body) return reply;
      try {
        return await sendUserEvent(sim, user.userId, body);
      } catch (error) {
        return sendSimError(reply, error);
      }
    },
  );

  app.get<UserParams>('/api/users/:userId/transcript', async (request, reply) => {
    const user = findUser(sim, request.params.userId, reply);
    if (!user) return reply;
    return { items: await sim.transcript.list(user.userId) };
  });

  app.get<UserParams & { Querystring: { after?: string } }>(
    '/api/users/:userId/stream',
    async (request, reply) => {
      const user = findUser(sim, request.params.userId, reply);
      if (!user) return reply;
      const header = request.headers['last-event-id'];
      const after = request.query.after ?? (typeof header === 'string' ? header : undefined);
      sim.streams.serve(request, reply, user.userId, after);
      return reply;
    },
  );

  app.post<UserParams>('/api/users/:userId/language', async (request, reply) => {
    const user = findUser(sim, request.params.userId, reply);
    if (!user) return reply;
    const body = parseBody(setLanguageSchema, request.body, reply);
    if (!body) return reply;
    const updated = (await sim.users.setLanguage(user.userId, body.language)) ?? user;
    sim.emulator.addUser({
      userId: updated.userId,
      displayName: updated.displayName,
      language: profileLanguageOf(updated.language),
    });
    return updated;
  });

  app.post<UserParams>('/api/users/:userId/push', async (request, reply) => {
    const user = findUser(sim, request.params.userId, reply);
    if (!user) return reply;
    const body = parseBody(pushSchema, request.body, reply);
    if (!body) return reply;
    try {
      // The app's own client, as a staff tool would use it: checked against LINE's limits, with a retry key.
      await sim.line.push(user.userId, [{ type: 'text', text: body.text }], randomUUID());
    } catch (error) {
      request.log.warn({ err: error }, 'simulator staff push failed');
      return reply.code(502).send({ error: `push failed: ${(error as Error).message}` });
    }
    // A user who blocked the account gets nothing, as on LINE (the push itself is accepted).
    return { status: sim.users.hasBlocked(user.userId) ? 'blocked' : 'sent' };
  });
}
