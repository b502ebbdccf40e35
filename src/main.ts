import 'reflect-metadata';
import { ConfigError, parseConfig } from './config/config';
import { createApp } from './app';

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const running = await createApp(config);
  await running.app.listen(config.port, process.env.HOST ?? '0.0.0.0');
  const url = await running.app.getUrl();
  console.warn(
    `Partner Workspace listening on ${url.replace('[::1]', 'localhost')} ` +
      `(database: ${running.database.embedded ? 'embedded in ' + config.dataDir : 'DATABASE_URL'})`,
  );
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: Error) => {
  console.error(`Failed to start: ${error.message}`);
  process.exit(1);
});
