/** `npm run web`: Tern's engine in plain Node, with the renderer served to any browser on this machine. */
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../services/createEngine';
import { createLogger } from '../services/logger';
import { FileSecretStore } from '../store/fileSecretStore';
import { startWebHost } from './webHost';

const DEFAULT_PORT = 4417;

function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'tern-web');
}

async function main() {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, 'poll-interval-ms': { type: 'string' } },
    allowPositionals: false,
  });
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not “${values.port}”.`);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const pollIntervalMs = values['poll-interval-ms'] === undefined ? undefined : Number(values['poll-interval-ms']);
  if (pollIntervalMs !== undefined && !(pollIntervalMs >= 100)) throw new Error('--poll-interval-ms must be a number of at least 100.');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });

  const log = createLogger();
  const secrets = new FileSecretStore(dataDir);
  const engine = createEngine({ dataDir, secrets, host: 'web', version: process.env.npm_package_version ?? '0.0.0', log, ...(pollIntervalMs ? { pollIntervalMs } : {}) });
  const rendererDir = resolve(import.meta.dirname, '../../out/renderer');
  const host = await startWebHost({ engine, rendererDir, log, port });

  process.stdout.write(`Tern (browser mode) is running. Open this address in your browser:\n\n  ${host.url}\n\n`);
  process.stdout.write(`Data folder: ${dataDir}\n${secrets.warning}\nPress Ctrl+C to stop.\n`);

  const stop = () => {
    void host.close().then(() => engine.shutdown()).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Tern could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
