/** Folder icons as inline SVG (no icon font to fetch, nothing remote). */
import type { SpecialUse } from '../../shared/contract/mailboxes';

const PATHS: Record<SpecialUse | 'folder', string> = {
  inbox: 'M3 13h4l2 3h6l2-3h4M3 13l3-8h12l3 8v6H3z',
  drafts: 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4',
  sent: 'M3 11l18-8-8 18-2-8z',
  trash: 'M5 7h14M9 7V4h6v3M6 7l1 13h10l1-13',
  junk: 'M12 3l9 16H3zM12 10v4M12 17v.5',
  archive: 'M3 4h18v4H3zM5 8v12h14V8M10 12h4',
  all: 'M4 6h16M4 12h16M4 18h16',
  flagged: 'M5 21V4h11l-2 4 2 4H5',
  folder: 'M3 6h7l2 2h9v11H3z',
};

export function FolderIcon({ kind }: { kind: SpecialUse | null }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={PATHS[kind ?? 'folder']} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}

/** A paperclip for rows whose message looks like it carries attachments. */
export function AttachmentIcon() {
  return (
    <svg className="icon attachment-icon" viewBox="0 0 24 24" width="14" height="14" role="img" aria-label="Has attachments">
      <path d="M20 11.5l-8.2 8.2a5 5 0 01-7.1-7.1l8.9-8.9a3.3 3.3 0 014.7 4.7l-8.9 8.9a1.7 1.7 0 01-2.4-2.4l8.2-8.2" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
