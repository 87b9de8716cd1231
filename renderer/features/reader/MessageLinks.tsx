/**
 * The links of an HTML message, with where each really goes. Links cannot be followed inside the sandboxed
 * frame; they are opened from here, in the system browser (Electron) or a new tab (browser mode), after a
 * confirmation when something about them misleads.
 */
import { assessLink, describeLinkWarning } from '../../../shared/domain/linkSafety';
import type { MessageLink } from './sanitizeMessageHtml';

function openLink(url: string, warnings: string[]): void {
  if (warnings.length > 0 && !window.confirm(`${warnings.join('\n')}\n\nOpen ${url} anyway?`)) return;
  window.open(url, '_blank', 'noopener,noreferrer');
}

export function MessageLinks({ links }: { links: MessageLink[] }) {
  if (links.length === 0) return null;
  const assessed = links.map((link) => {
    const assessment = assessLink(link.writtenHref, link.texts.join(' '));
    return { ...link, ...assessment, sentences: assessment.warnings.map(describeLinkWarning) };
  });
  const needCare = assessed.filter((link) => link.sentences.length > 0).length;
  return (
    <details className="message-links" open={needCare > 0}>
      <summary>
        Links in this message ({links.length}){needCare > 0 && <span className="link-warning-count"> — {needCare} {needCare === 1 ? 'needs' : 'need'} care</span>}
      </summary>
      <ol>
        {assessed.map((link) => (
          <li key={link.number} className={link.sentences.length > 0 ? 'suspicious' : undefined}>
            <span className="link-number">[{link.number}]</span>
            <span className="link-text">{link.texts[0] ?? '(no text)'}</span>
            <span className="link-target" title={link.href}>
              → <strong>{link.host || link.href}</strong> <span className="muted">{link.href}</span>
            </span>
            {link.sentences.map((sentence) => (
              <span key={sentence} className="link-warning" role="note">{sentence}</span>
            ))}
            {link.url && (
              <button type="button" className="link" onClick={() => openLink(link.url ?? '', link.sentences)}>
                Open{link.scheme === 'mailto' ? ' in mail app' : ''}
              </button>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}
