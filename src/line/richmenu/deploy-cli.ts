// `npm run richmenu:deploy`: deploys the rich menus to the LINE channel in the environment's configuration.
import { loadConfig } from '../../config.ts';
import { DeployCommandError, runDeployCommand } from './deploy-command.ts';

try {
  const summary = await runDeployCommand({ config: loadConfig(), argv: process.argv.slice(2) });
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
} catch (error) {
  process.stderr.write(
    `${error instanceof DeployCommandError ? error.message : String((error as Error).stack ?? error)}\n`,
  );
  process.exitCode = 1;
}
