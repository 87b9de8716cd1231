/**
 * The search box's language, as people know it from Gmail and Thunderbird: free words and "quoted phrases",
 * `from:` `to:` `subject:` `in:` `tag:` `is:unread|read|flagged|unflagged` `has:attachment` `before:` `after:`, and a
 * leading `-` to exclude. An operator Tern does not know is searched as plain text (as Gmail does), so nothing
 * the user types is silently dropped; a malformed value is reported, never guessed.
 */
import type { SearchCriteria } from '../../contract/search';
import { keywordFor } from '../tags';

/**
 * Values are kept as typed (white space collapsed): the server gets the user's own words, and the local
 * matcher folds them once (compileSearch).
 */
export interface SearchQuery extends SearchCriteria {
  /** Folder names, paths or special uses (`inbox`, `sent`, ...); a message matches any of them. */
  inFolders: string[];
  notInFolders: string[];
  hasAttachment: boolean | null;
}

export interface ParsedSearch {
  query: SearchQuery;
  /** One sentence per problem, for the user; the rest of the query still runs. */
  problems: string[];
}

/** `2026-01-31` or `2026/1/31` as `2026-01-31`; null when not a real date. */
function parseDay(value: string): string | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Splits on whitespace, keeping "quoted phrases" (also as an operator's value: subject:"two words") whole. */
function tokenize(text: string): { raw: string; quoted: boolean }[] {
  const tokens: { raw: string; quoted: boolean }[] = [];
  const pattern = /(-?[\p{L}\p{N}_]+:)?"([^"]*)"?|\S+/gu;
  for (const match of text.matchAll(pattern)) {
    if (match[2] !== undefined) tokens.push({ raw: `${match[1] ?? ''}${match[2]}`, quoted: true });
    else tokens.push({ raw: match[0], quoted: false });
  }
  return tokens;
}

export function emptySearchQuery(): SearchQuery {
  return { words: [], notWords: [], from: [], to: [], subject: [], notFrom: [], notTo: [], notSubject: [], tags: [], inFolders: [], notInFolders: [], unread: null, flagged: null, hasAttachment: null, before: null, after: null };
}

export function isEmptySearch(query: SearchQuery): boolean {
  return JSON.stringify(query) === JSON.stringify(emptySearchQuery());
}

export function parseSearchQuery(text: string): ParsedSearch {
  const query = emptySearchQuery();
  const problems: string[] = [];
  for (const { raw, quoted } of tokenize(text)) {
    const negated = raw.startsWith('-') && raw.length > 1;
    const body = negated ? raw.slice(1) : raw;
    const colon = body.indexOf(':');
    const operator = colon > 0 ? body.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? body.slice(colon + 1) : body;
    const folded = collapse(value);
    const keyword = folded.toLowerCase();

    const word = () => {
      const whole = collapse(body);
      if (whole) (negated ? query.notWords : query.words).push(whole);
    };
    if (!operator || (!value && !quoted)) {
      word();
      continue;
    }
    switch (operator) {
      case 'from':
      case 'to':
      case 'subject':
        if (!folded) break;
        if (negated) query[operator === 'from' ? 'notFrom' : operator === 'to' ? 'notTo' : 'notSubject'].push(folded);
        else query[operator].push(folded);
        break;
      case 'tag':
      case 'label': {
        const tag = keywordFor(folded);
        if (tag && !negated) query.tags.push(tag);
        else problems.push(`"${operator}:${value}" is not a tag Tern can search for.`);
        break;
      }
      case 'in':
        if (folded) (negated ? query.notInFolders : query.inFolders).push(folded);
        break;
      case 'is': {
        const states: Record<string, () => void> = {
          unread: () => (query.unread = !negated),
          read: () => (query.unread = negated),
          flagged: () => (query.flagged = !negated),
          starred: () => (query.flagged = !negated),
          unflagged: () => (query.flagged = negated),
        };
        const apply = states[keyword];
        if (apply) apply();
        else problems.push(`"is:${value}" is not something Tern knows; try is:unread, is:read, is:flagged or is:unflagged.`);
        break;
      }
      case 'has':
        if (keyword === 'attachment' || keyword === 'attachments') query.hasAttachment = !negated;
        else problems.push(`"has:${value}" is not something Tern knows; try has:attachment.`);
        break;
      case 'before':
      case 'after': {
        const day = parseDay(value);
        if (day === null) problems.push(`${operator}: needs a date like 2026-01-31, not "${value}".`);
        else if (operator === 'before') query.before = day;
        else query.after = day;
        break;
      }
      default:
        word();
    }
  }
  return { query, problems };
}
