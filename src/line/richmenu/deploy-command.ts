// The `npm run richmenu:deploy` command: reads config and followers, deploys, prints the summary.
import { parseArgs } from 'node:util';
import { messagingApi } from '@line/bot-sdk';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.ts';
import databasePlugin from '../../db/plugin.ts';
import { initI18n } from '../../i18n/index.ts';
import { type DeploySummary, deployRichMenus } from './deploy.ts';
import { listFollowersByLanguage } from './followers.ts';

export const USAGE = `Usage: npm run richmenu:deploy -- [--images DIR] [--keep-old] [--no-users]
  --images DIR  also write each generated menu image to DIR as <menu name>.png
  --keep-old    do not delete our menus that no alias, default or current design uses any more
  --no-users    do not relink followers (implies --keep-old: linked users would lose their menu)`;

export interface DeployCommandOptions {
  config: Config;
  argv: string[];
  logger?: FastifyBaseLogger;
}

export class DeployCommandError extends Error {
  readonly code = 'RICHMENU_DEPLOY_USAGE';
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        images: { type: 'string' },
        'keep-old': { type: 'boolean', default: false },
        'no-users': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new DeployCommandError(`${(error as Error).message}\n${USAGE}`);
  }
}

export async function runDeployCommand(options: DeployCommandOptions): Promise<DeploySummary> {
  const { config } = options;
  const flags = parse(options.argv);
  if (!config.line) {
    throw new DeployCommandError('LINE_CHANNEL_ACCESS_TOKEN (and LINE_CHANNEL_SECRET) must be set to deploy');
  }
  await initI18n();
  const api = new messagingApi.MessagingApiClient({
    channelAccessToken: config.line.channelAccessToken,
    baseURL: config.lineApiBaseUrl,
  });
  const blob = new messagingApi.MessagingApiBlobClient({
    channelAccessToken: config.line.channelAccessToken,
    baseURL: config.lineDataApiBaseUrl,
  });

  // Fastify only to reuse the database plugin (PostgreSQL or embedded PGlite, same as the server).
  // No plugin deadline: a deploy before the first start creates the embedded database, which on a busy machine
  // takes longer than Fastify's 10 s.
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: { level: config.logLevel } }),
    pluginTimeout: 0,
  });
  try {
    const withUsers = !flags['no-users'];
    // Migrations run as at server start, so a deploy before the first start finds an empty table, not none.
    if (withUsers) await app.register(databasePlugin, { config });
    await app.ready();
    const summary = await deployRichMenus({
      api,
      blob,
      logger: app.log,
      ...(withUsers ? { listUsersByLanguage: () => listFollowersByLanguage(app.pg.pool) } : {}),
      ...(flags.images ? { imageDir: flags.images } : {}),
      deleteStale: withUsers && !flags['keep-old'],
    });
    return summary;
  } finally {
    await app.close();
  }
}
