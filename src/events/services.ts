// What event handlers may use: the database pool, the LINE client (absent without a channel), logger, settings.
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { Config } from '../config.ts';
import type { FlowRegistry } from '../conversation/flows.ts';
import type { Language } from '../i18n/languages.ts';
import type { LineClient } from '../line/client/index.ts';
import type { ChannelKind } from '../outbox/outbox-repository.ts';
import type { FeatureRegistry } from './feature-registry.ts';

export interface Services {
  pool: pg.Pool;
  line: LineClient | undefined;
  log: FastifyBaseLogger;
  config: Config;
  /** Real LINE or the local-mode emulator: what this run queues messages for, and the only ones it sends. */
  channelKind: ChannelKind;
  flows: FlowRegistry;
  /** The features' rich-menu entries and stateless postbacks, held by this app instance. */
  features: FeatureRegistry;
  /** Shows the user the rich menu of their language (best effort: menus may not be deployed yet). */
  linkUserMenu(userId: string, language: Language): Promise<void>;
}
