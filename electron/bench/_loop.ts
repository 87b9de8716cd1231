import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startPrivateDovecot } from '../demo/privateDovecot';
import { generateMailbox } from './generateMailbox';
import { openImapClient } from '../imap/imapClient';
import { fetchHeaders } from '../imap/fetchHeaders';
import { createLogger } from '../services/logger';
const USER = 'alice@example.test', PASSWORD = 'pw-12345678';
const N = Number(process.env.N ?? 20000);
const dovecot = await startPrivateDovecot({ users: [{ user: USER, password: PASSWORD }] });
try {
  await generateMailbox(dovecot, USER, N);
  const client = await openImapClient({ server: { host: '127.0.0.1', port: dovecot.imapPort, security: 'none', username: USER } as never, password: PASSWORD, log: createLogger(() => undefined), role: 'sync' });
  await client.mailboxOpen('INBOX', { readOnly: true });
  for (const slice of [250, 100, 250, 100, 50]) {
    const h = monitorEventLoopDelay({ resolution: 10 }); h.enable();
    const t = performance.now(); let rows = 0;
    for (let hi = N; hi >= 1; hi -= slice) {
      const got = await fetchHeaders(client, `${Math.max(1, hi - slice + 1)}:${hi}`);
      rows += got.length; JSON.stringify(got);
    }
    h.disable();
    console.log(`slice ${slice}: ${rows} in ${Math.round(performance.now() - t)} ms; loop p50 ${(h.percentile(50) / 1e6).toFixed(1)} p99 ${(h.percentile(99) / 1e6).toFixed(1)} max ${(h.max / 1e6).toFixed(1)}`);
  }
  await client.logout();
} finally { await dovecot.stop(); }
