import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../shared/ipc/createClient';
import { connectTransport } from './api/connectTransport';
import { App } from './app/App';
import { ComposeWindow, composeWindowDraftId } from './app/ComposeWindow';
import { openTernDb } from './cache/db';
import { MailSession } from './state/mailSession';
import { SessionContext } from './state/sessionContext';
import './ui/app.css';
import { followDensity } from './ui/applyDensity';
import { applyTheme, storedTheme } from './ui/theme';

applyTheme(storedTheme());
followDensity();

async function boot() {
  const root = createRoot(document.getElementById('root')!);
  try {
    const transport = await connectTransport();
    const session = new MailSession(createClient(transport), openTernDb());
    transport.onClose(() => session.markDisconnected());
    await session.start();
    const composeDraftId = composeWindowDraftId(location.hash);
    root.render(
      <StrictMode>
        <SessionContext.Provider value={session}>
          {composeDraftId ? <ComposeWindow draftId={composeDraftId} /> : <App />}
        </SessionContext.Provider>
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <div className="fatal" role="alert">
        <h1>Tern could not start</h1>
        <p>{(error as Error).message}</p>
      </div>,
    );
  }
}

void boot();
