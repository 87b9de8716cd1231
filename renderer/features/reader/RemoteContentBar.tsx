/** Says what remote content was kept from loading, and lets the user load it once or always for the sender. */
import type { RemoteContentCounts } from './sanitizeMessageHtml';

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function describeBlocked(blocked: RemoteContentCounts): string {
  const parts = [count(blocked.images, 'image', 'images')];
  if (blocked.other > 0) parts.push(count(blocked.other, 'stylesheet or font', 'stylesheets or fonts'));
  parts.push(count(blocked.trackers, 'tracker', 'trackers'));
  return parts.join(', ');
}

export interface RemoteContentBarProps {
  state: 'blocked' | 'loaded' | 'trusted';
  blocked: RemoteContentCounts;
  /** The sender's address, offered for "Always"; null when the sender looks forged or is missing. */
  trustableSender: string | null;
  sender: string;
  onLoad(): void;
  onTrust(): void;
  onUntrust(): void;
}

export function RemoteContentBar({ state, blocked, trustableSender, sender, onLoad, onTrust, onUntrust }: RemoteContentBarProps) {
  const trackersNote = blocked.trackers > 0 ? ` ${count(blocked.trackers, 'tracker', 'trackers')} still blocked.` : '';
  if (state === 'trusted') {
    return (
      <div className="remote-bar loaded" role="status">
        <span>Remote content from {sender} is always loaded.{trackersNote}</span>
        <button type="button" onClick={onUntrust}>Stop loading for {sender}</button>
      </div>
    );
  }
  if (state === 'loaded') {
    return (
      <div className="remote-bar loaded" role="status">
        <span>Remote content loaded for this message.{trackersNote}</span>
        {trustableSender && <button type="button" onClick={onTrust}>Always for {trustableSender}</button>}
      </div>
    );
  }
  if (blocked.images + blocked.other === 0) {
    if (blocked.trackers === 0) return null;
    return (
      <div className="remote-bar" role="status">
        <span>Blocked {count(blocked.trackers, 'tracker', 'trackers')}.</span>
      </div>
    );
  }
  return (
    <div className="remote-bar" role="status">
      <span>Remote content blocked ({describeBlocked(blocked)})</span>
      <span className="remote-bar-actions">
        <button type="button" onClick={onLoad}>Load for this message</button>
        {trustableSender && <button type="button" onClick={onTrust}>Always for {trustableSender}</button>}
      </span>
    </div>
  );
}
