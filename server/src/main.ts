import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { startupErrorMessage } from './startup-error.js';

/** The process entry: parse config (fail fast), build the app, listen, and shut down gracefully. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }

  const app = await buildApp({ config }).catch((err: unknown) => exitIfSetting(err, config));
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests and flushing the writer');
    // Fastify stops accepting, lets in-flight requests finish, then runs onClose hooks (writer
    // flush, database close) in reverse registration order.
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host }).catch((err: unknown) => exitIfSetting(err, config));
}

/**
 * A setting to fix (the database file, the port, the host) is explained in full by its message:
 * the operator gets that alone, no stack trace. Anything else is rethrown, stack and all.
 */
function exitIfSetting(err: unknown, config: Config): never {
  const message = startupErrorMessage(err, config);
  if (message === undefined) throw err;
  console.error(message);
  process.exit(1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
