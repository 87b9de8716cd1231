/**
 * The demo hands the desktop app its pre-configured account through the environment (the password can only
 * be stored by the Electron process itself, with safeStorage). Added once: an existing account is kept.
 */
import type { AccountInput } from '../../shared/contract/accounts';
import { AccountStore } from '../store/accountStore';
import type { Engine } from '../services/engine';

export const DEMO_ACCOUNT_ENV = 'TERN_DEMO_ACCOUNT';
export const DATA_DIR_ENV = 'TERN_DATA_DIR';

export async function addDemoAccountFromEnv(engine: Engine, dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const raw = env[DEMO_ACCOUNT_ENV];
  if (!raw) return false;
  if ((await new AccountStore(dataDir).list()).length > 0) return false;
  await engine.addAccount(JSON.parse(raw) as AccountInput);
  return true;
}
