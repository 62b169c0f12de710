/**
 * Entry point of the API: node dist/apps/api/src/main.js
 * Configuration is validated first; a bad environment stops here with one line per variable.
 */
import 'reflect-metadata';
import { ConfigError, loadConfig } from '../../../libs/config/config';
import { createLogger } from '../../../libs/observability/logger';
import { createApp, OPENAPI_PATH } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('api', config.logLevel);
  const app = await createApp(config, logger);
  await app.listen(config.api.port, config.api.host);
  const url = config.api.publicUrl ?? (await app.getUrl()).replace('[::1]', 'localhost');
  logger.info({ url, openapi: `${url}/${OPENAPI_PATH}` }, 'API listening');
}

main().catch((err: Error) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else createLogger('api').fatal({ err }, 'API failed to start');
  process.exit(1);
});
