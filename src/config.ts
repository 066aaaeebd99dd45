// The one schema over the environment: parsed once at boot; a bad value stops the boot naming the variable.
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { RAW_DATA_MAX_RETENTION_DAYS } from './privacy/policy.ts';

// Empty values never reach the schema (loadConfig refuses them first), so unset is the only way to say "none".
const optionalString = z.string().trim().optional();

const baseUrl = z
  .string()
  .trim()
  .url()
  .transform((value) => value.replace(/\/+$/, ''));

// proxy-addr's names for whole ranges, besides addresses and CIDR ranges.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const trustProxy = z.string().transform((value, ctx): string[] => {
  const entries = value.split(',').map((entry) => entry.trim());
  // Four-part IPv4 only: ipaddr would also read "2" as 0.0.0.2, which is surely a mistaken hop count.
  const valid = (entry: string) =>
    PROXY_RANGE_NAMES.has(entry) ||
    ipaddr.IPv4.isValidFourPartDecimal(entry) ||
    ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) ||
    ipaddr.IPv6.isValid(entry) ||
    ipaddr.IPv6.isValidCIDR(entry);
  const bad = entries.find((entry) => !valid(entry));
  if (bad !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${bad}" is not an address, a CIDR range, loopback, linklocal or uniquelocal (trusting any sender would let every client choose its own address)`,
    });
    return z.NEVER;
  }
  return entries;
});

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    // Unset: 127.0.0.1 in local mode (the simulator has no login), else 0.0.0.0.
    HOST: optionalString,
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
        .optional(),
    ),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    LINE_CHANNEL_SECRET: optionalString,
    LINE_CHANNEL_ACCESS_TOKEN: optionalString,
    LINE_API_BASE_URL: baseUrl.default('https://api.line.me'),
    LINE_DATA_API_BASE_URL: baseUrl.default('https://api-data.line.me'),
    PUBLIC_BASE_URL: optionalString.pipe(baseUrl.optional()),
    TRUST_PROXY: optionalString.pipe(trustProxy.optional()),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    WEBHOOK_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_485_760).default(1_048_576),
    EVENT_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    EVENT_WORKERS_ENABLED: z
      .enum(['true', 'false', '1', '0'])
      .default('true')
      .transform((value) => value === 'true' || value === '1'),
    EVENT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
    EVENT_CONTENT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
    REPLY_TOKEN_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(600).default(50),
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
    LOCAL_MODE: z.enum(['auto', 'on', 'off']).default('auto'),
    LOCAL_EMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
    // LINE allows 200 multicast requests/s per channel; all instances' segment senders together stay under this.
    SEGMENT_MULTICAST_PER_SECOND: z.coerce.number().int().min(1).max(200).default(150),
    // Days a finished event's payload and a sent message's content are kept before only a stub remains; at most
    // what the 子育て consent promises (src/privacy/policy.ts).
    RAW_DATA_RETENTION_DAYS: z.coerce.number().int().min(1).max(RAW_DATA_MAX_RETENTION_DAYS).default(30),
    PHOTO_STORE: z.enum(['fs', 's3']).default('fs'),
    S3_BUCKET: optionalString,
    S3_REGION: optionalString,
    S3_ENDPOINT: optionalString.pipe(baseUrl.optional()),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_FORCE_PATH_STYLE: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
    // Comma-separated keys partner systems send as api_key to POST Open311 service requests.
    OPEN311_API_KEYS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().min(16, 'each key must be at least 16 characters'))),
    // Comma-separated features the city does not use (e.g. `childcare,reports`); checked against the features.
    DISABLED_FEATURES: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'feature names are lower-case words'))),
    // The staff console's map tiles ({z}/{x}/{y} template; GSI 地理院タイル by default); `off`: the map shows the
    // city outline and the markers only (tests, an office without internet).
    CONSOLE_MAP_TILES: z
      .string()
      .trim()
      .default('https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png')
      .refine((value) => value === 'off' || /^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/.test(value), {
        message: 'must be `off` or an http(s) URL template containing {z}, {x} and {y}',
      }),
    CONSOLE_MAP_ATTRIBUTION: z.string().trim().default('地理院タイル'),
    // true: 損傷報告 are published (Open311, open-data exports) as they arrive; false: after staff review.
    OPEN311_AUTO_PUBLISH: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
    // 防災: JMA 防災情報XML Atom feed read for the automatic disaster-mode rules (unset: no ingest).
    BOUSAI_JMA_FEED_URL: optionalString.pipe(baseUrl.optional()),
    BOUSAI_JMA_POLL_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
    // Rich-menu bulk-link requests per second of a disaster-mode switch, all instances together.
    BOUSAI_MENU_LINKS_PER_SECOND: z.coerce.number().int().min(1).max(2000).default(100),
    // Comma-separated LINE user ids of on-duty staff asked to confirm a JMA rule that needs confirmation.
    BOUSAI_ON_DUTY_LINE_USER_IDS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^U[0-9a-f]{32}$/, 'LINE user ids look like U + 32 hex digits'))),
  })
  .superRefine((env, ctx) => {
    // A half-configured channel is a mistake worth stopping for: one credential without the other cannot work.
    const hasSecret = env.LINE_CHANNEL_SECRET !== undefined;
    const hasToken = env.LINE_CHANNEL_ACCESS_TOKEN !== undefined;
    if (hasSecret !== hasToken) {
      ctx.addIssue({
        code: 'custom',
        path: [hasSecret ? 'LINE_CHANNEL_ACCESS_TOKEN' : 'LINE_CHANNEL_SECRET'],
        message: 'LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN must be set together',
      });
    }
    if (env.LOCAL_MODE === 'on' && (hasSecret || hasToken)) {
      ctx.addIssue({
        code: 'custom',
        path: ['LOCAL_MODE'],
        message:
          'LOCAL_MODE=on runs against the built-in LINE emulator, yet a LINE channel is configured: ' +
          'unset LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN, or set LOCAL_MODE=auto',
      });
    }
    if (env.PHOTO_STORE === 's3') {
      for (const name of ['S3_BUCKET', 'S3_REGION'] as const) {
        if (env[name] === undefined) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'required when PHOTO_STORE=s3' });
        }
      }
    }
    // Without both keys the SDK's own credential chain (instance role, AWS_* variables) is used instead.
    const hasKeyId = env.S3_ACCESS_KEY_ID !== undefined;
    if (hasKeyId !== (env.S3_SECRET_ACCESS_KEY !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [hasKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'],
        message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together',
      });
    }
  });

export interface LineChannelConfig {
  channelSecret: string;
  channelAccessToken: string;
}

/** Where residents' photos are kept: files under DATA_DIR/photos, or an S3-compatible bucket. */
export type PhotoStoreConfig =
  | { kind: 'fs' }
  | {
      kind: 's3';
      bucket: string;
      region: string;
      /** Unset: AWS S3 itself; set for other S3-compatible stores (MinIO, R2, …). */
      endpoint: string | undefined;
      /** Both unset: the SDK's default credential chain. */
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
      forcePathStyle: boolean;
    };

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dataDir: string;
  line: LineChannelConfig | undefined;
  lineApiBaseUrl: string;
  lineDataApiBaseUrl: string;
  publicBaseUrl: string | undefined;
  /**
   * The proxies whose X-Forwarded-For names the client (per-address lockouts and the audit log's address use
   * it): their addresses or ranges; false: the connecting address is the client's.
   */
  trustProxy: false | string[];
  logLevel: string;
  webhookBodyLimitBytes: number;
  eventLeaseSeconds: number;
  /** False: this instance only takes webhooks; other instances handle the stored events. */
  eventWorkersEnabled: boolean;
  eventWorkerConcurrency: number;
  /** Photo events handled at once (their own claim lane: download + re-encode, CPU-bound). */
  eventContentConcurrency: number;
  replyTokenMaxAgeSeconds: number;
  shutdownGraceSeconds: number;
  /**
   * 'auto': with no LINE channel configured, run against the built-in LINE emulator and serve /simulator, but
   * only over an embedded database that local mode created (src/local/channel-guard.ts); 'on': also over any
   * other database; 'off': never.
   */
  localMode: 'auto' | 'on' | 'off';
  /**
   * Which platform this run's messages go to: 'local', the in-process emulator (local mode); 'line', the real
   * LINE platform — also when no channel is configured with LOCAL_MODE=off, as what such a run queues waits
   * for the real channel. The outbox sends only messages queued for the channel kind of the run.
   */
  channelKind: 'line' | 'local';
  /** Loopback port of the local-mode LINE emulator; 0 picks a free one. */
  localEmulatorPort: number;
  photoStore: PhotoStoreConfig;
  /** Keys that may POST Open311 service requests; none: POST is refused. */
  open311ApiKeys: string[];
  /** New 損傷報告 are published at once (true) or only after staff review (false, the default). */
  open311AutoPublish: boolean;
  /** Multicast requests per second the segment senders of all instances together stay under (LINE: 200/s). */
  segmentMulticastPerSecond: number;
  /** Features switched off (their menu entries say so; their routes and jobs do not exist). */
  disabledFeatures: string[];
  /** Days raw events' payloads and sent messages' contents are kept before they become stubs. */
  rawDataRetentionDays: number;
  /** The staff console's map tiles URL template; null: outline and markers only. */
  consoleMapTiles: string | null;
  consoleMapAttribution: string;
  /** 防災: JMA feed, disaster-mode link rate, on-duty staff to confirm JMA rules. */
  bousai: {
    jmaFeedUrl: string | undefined;
    jmaPollSeconds: number;
    menuLinksPerSecond: number;
    onDutyLineUserIds: string[];
  };
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Every variable the configuration reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** Variables set to nothing (or only spaces): secrets that were not injected look exactly like this. */
function emptyVariables(env: Record<string, string | undefined>): string[] {
  return CONFIG_VARIABLES.filter((name) => env[name]?.trim() === '');
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty value is refused rather than read as unset: `LINE_CHANNEL_SECRET=` from a missing secret would
  // otherwise silently turn a production server into local mode.
  const empty = emptyVariables(env);
  const rest = Object.fromEntries(Object.entries(env).filter(([name]) => !empty.includes(name)));
  const parsed = envSchema.safeParse(rest);
  const lines = [
    ...empty.map((name) => `  ${name}: is empty — remove it or give a value (empty does not mean unset)`),
    ...(parsed.success ? [] : parsed.error.issues)
      // An issue about a variable already named as empty (e.g. "set together") only repeats it.
      .filter((issue) => !empty.includes(String(issue.path[0])))
      .map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`),
  ];
  if (lines.length > 0 || !parsed.success) {
    throw new ConfigError(
      `Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable.`,
    );
  }
  const e = parsed.data;
  const line =
    e.LINE_CHANNEL_SECRET && e.LINE_CHANNEL_ACCESS_TOKEN
      ? { channelSecret: e.LINE_CHANNEL_SECRET, channelAccessToken: e.LINE_CHANNEL_ACCESS_TOKEN }
      : undefined;
  const channelKind = line === undefined && e.LOCAL_MODE !== 'off' ? 'local' : 'line';
  return {
    port: e.PORT,
    host: e.HOST ?? (channelKind === 'local' ? '127.0.0.1' : '0.0.0.0'),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    line,
    lineApiBaseUrl: e.LINE_API_BASE_URL,
    lineDataApiBaseUrl: e.LINE_DATA_API_BASE_URL,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    consoleMapTiles: e.CONSOLE_MAP_TILES === 'off' ? null : e.CONSOLE_MAP_TILES,
    consoleMapAttribution: e.CONSOLE_MAP_ATTRIBUTION,
    trustProxy: e.TRUST_PROXY ?? false,
    logLevel: e.LOG_LEVEL,
    webhookBodyLimitBytes: e.WEBHOOK_BODY_LIMIT_BYTES,
    eventLeaseSeconds: e.EVENT_LEASE_SECONDS,
    eventWorkersEnabled: e.EVENT_WORKERS_ENABLED,
    eventWorkerConcurrency: e.EVENT_WORKER_CONCURRENCY,
    eventContentConcurrency: e.EVENT_CONTENT_CONCURRENCY,
    replyTokenMaxAgeSeconds: e.REPLY_TOKEN_MAX_AGE_SECONDS,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    localMode: e.LOCAL_MODE,
    channelKind,
    localEmulatorPort: e.LOCAL_EMULATOR_PORT,
    photoStore:
      e.PHOTO_STORE === 's3' && e.S3_BUCKET && e.S3_REGION
        ? {
            kind: 's3',
            bucket: e.S3_BUCKET,
            region: e.S3_REGION,
            endpoint: e.S3_ENDPOINT,
            credentials:
              e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
                ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
                : undefined,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : { kind: 'fs' },
    open311ApiKeys: e.OPEN311_API_KEYS,
    open311AutoPublish: e.OPEN311_AUTO_PUBLISH,
    segmentMulticastPerSecond: e.SEGMENT_MULTICAST_PER_SECOND,
    disabledFeatures: e.DISABLED_FEATURES,
    rawDataRetentionDays: e.RAW_DATA_RETENTION_DAYS,
    bousai: {
      jmaFeedUrl: e.BOUSAI_JMA_FEED_URL,
      jmaPollSeconds: e.BOUSAI_JMA_POLL_SECONDS,
      menuLinksPerSecond: e.BOUSAI_MENU_LINKS_PER_SECOND,
      onDutyLineUserIds: e.BOUSAI_ON_DUTY_LINE_USER_IDS,
    },
  };
}
