import { createContext, useContext, useSyncExternalStore } from 'react';
import type { MailSession, SessionStatus } from './mailSession';

export const SessionContext = createContext<MailSession | null>(null);

export function useSession(): MailSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionContext');
  return session;
}

export function useSessionStatus(): SessionStatus {
  const session = useSession();
  return useSyncExternalStore(session.subscribeStatus, session.getStatus);
}
