// The one contract a feature implements: it declares its rich-menu entries, conversation flows, stateless
// postback handlers, staff routes, public routes and periodic jobs; app.ts lists the features and wires each the
// same way, and a city switches one off by configuration (DISABLED_FEATURES) — its menu entries then say so.
import type { FastifyInstance } from 'fastify';
import type { AdminRoutes } from '../admin/admin-plugin.ts';
import type { Config } from '../config.ts';
import type { Flow } from '../conversation/flows.ts';
import type {
  FeaturePostbackHandler,
  FreeTextHandler,
  MenuItemHandler,
  OfferBuilder,
} from '../events/feature-registry.ts';
import type { MenuItem } from '../events/postback-data.ts';
import type { Services } from '../events/services.ts';

/** What a feature is given when the app builds it. */
export interface FeatureContext {
  services: Services;
  config: Config;
  /** The clock of rules, reminders and schedules (tests move it); the real time by default. */
  now: () => Date;
  /** Sends what a job or a staff action just queued in the outbox now, instead of at the next poll. */
  wakeOutbox(): void;
}

/** A periodic job: claims its work in the database, so any number of instances may run it. */
export interface FeatureJob {
  /** `<feature>.<job>`, e.g. `reservations.reminders`; tests and operators run it by name. */
  name: string;
  start(): void;
  stop(): Promise<void>;
  /** One round at `now` (the job's clock by default). */
  runOnce(now?: Date): Promise<unknown>;
  /** Looks for work now (after a staff action queued some); optional. */
  wake?(): void;
}

/** What a built feature adds to the app. */
export interface Feature {
  /** The handler of each rich-menu entry the definition named in `menuItems`. */
  menu?: Partial<Record<MenuItem, MenuItemHandler>>;
  flows?: Flow[];
  /** `action=feature&feature=<key>` postbacks (buttons that need no conversation state). */
  postbacks?: Record<string, FeaturePostbackHandler>;
  /** What it offers for a photo or a place sent outside any conversation (buttons to its postbacks). */
  offer?: OfferBuilder;
  /**
   * Answers text typed outside any conversation (a flow in progress gets the text first); true when it
   * answered. The features are asked in their order; the general fallback answers when none did.
   */
  freeText?: FreeTextHandler;
  /** Staff routes, registered inside the /admin scope (authentication, roles, audit, OpenAPI). */
  adminRoutes?: AdminRoutes[];
  /** Routes outside /admin (e.g. Open311), each an encapsulated plugin. */
  publicRoutes?: ((fastify: FastifyInstance) => Promise<void>)[];
  jobs?: FeatureJob[];
}

export interface FeatureDefinition {
  /** Lower-case key: the value DISABLED_FEATURES names, the prefix of its jobs. */
  name: string;
  /** The rich-menu entries this feature answers; when it is switched off they say so instead. */
  menuItems: readonly MenuItem[];
  create(context: FeatureContext): Feature | Promise<Feature>;
}
