/**
 * Tags are IMAP keywords (RFC 3501 flags without a backslash) that people set themselves. Keywords that
 * clients use for their own bookkeeping (junk training, forwarded, MDN) are not shown as tags, and
 * Thunderbird's $label1–5 get the names Thunderbird shows, so the same tag reads the same on every device.
 */
const BOOKKEEPING = new Set(['$forwarded', '$junk', '$notjunk', 'junk', 'nonjunk', 'notjunk', '$mdnsent', '$phishing', '$submitpending', '$submitted', '$answered', '$recent', '$hasattachment', '$hasnoattachment', '$autojunk', '$autonotjunk']);

export const THUNDERBIRD_LABELS: Record<string, string> = { $label1: 'Important', $label2: 'Work', $label3: 'Personal', $label4: 'To Do', $label5: 'Later' };

/** An IMAP atom that any server takes as a keyword. */
const KEYWORD = /^[A-Za-z0-9$_.-]{1,64}$/;

export function tagsOf(flags: readonly string[]): string[] {
  return flags.filter((flag) => !flag.startsWith('\\') && !BOOKKEEPING.has(flag.toLowerCase()));
}

export function tagLabel(keyword: string): string {
  return THUNDERBIRD_LABELS[keyword.toLowerCase()] ?? keyword;
}

/** The keyword for a tag name the user typed: spaces become "_"; null when it cannot be one. */
export function keywordFor(name: string): string | null {
  const trimmed = name.trim();
  const known = Object.entries(THUNDERBIRD_LABELS).find(([, label]) => label.toLowerCase() === trimmed.toLowerCase());
  if (known) return known[0];
  const keyword = trimmed.replace(/\s+/g, '_');
  return KEYWORD.test(keyword) && !keyword.startsWith('\\') && !BOOKKEEPING.has(keyword.toLowerCase()) ? keyword : null;
}
