/**
 * UID SEARCH in the selected mailbox from the search box's criteria. imapflow takes one object per query, so
 * a key can appear only once in it: each further criterion is nested in a one-operand OR, which imapflow
 * writes as a parenthesized group, i.e. a plain AND (RFC 3501 §6.4.4).
 */
import type { SearchCriteria } from '../../shared/contract/search';
import type { ImapClient } from './imapClient';

type Criterion = Record<string, unknown>;

/** `YYYY-MM-DD` as the Date imapflow turns into an IMAP date: midnight UTC keeps the calendar day. */
const dayOf = (day: string) => new Date(`${day}T00:00:00.000Z`);

function criteriaList(criteria: SearchCriteria): Criterion[] {
  const list: Criterion[] = [];
  for (const word of criteria.words) list.push({ text: word });
  for (const word of criteria.notWords) list.push({ not: { text: word } });
  for (const from of criteria.from) list.push({ from });
  for (const to of criteria.to) list.push({ or: [{ to }, { cc: to }] });
  for (const subject of criteria.subject) list.push({ subject });
  for (const from of criteria.notFrom) list.push({ not: { from } });
  for (const to of criteria.notTo) list.push({ not: { or: [{ to }, { cc: to }] } });
  for (const subject of criteria.notSubject) list.push({ not: { subject } });
  for (const keyword of criteria.tags) list.push({ keyword });
  if (criteria.unread !== null) list.push({ seen: !criteria.unread });
  if (criteria.flagged !== null) list.push({ flagged: criteria.flagged });
  // SENT*: the Date header, which the list shows and sorts by (BEFORE/SINCE would test the arrival date).
  if (criteria.before !== null) list.push({ sentBefore: dayOf(criteria.before) });
  if (criteria.after !== null) list.push({ sentSince: dayOf(criteria.after) });
  return list;
}

export function toImapQuery(criteria: SearchCriteria): Criterion {
  const list = criteriaList(criteria);
  if (list.length === 0) return { all: true };
  // A criterion that is itself an OR is wrapped in NOT NOT first, so its own `or` key stays its own.
  return list.reduceRight((rest, criterion) => ({ ...('or' in criterion ? { not: { not: criterion } } : criterion), or: [rest] }));
}

/** Every matching UID, ascending. */
export async function searchMessages(client: ImapClient, criteria: SearchCriteria): Promise<number[]> {
  const found = await client.search(toImapQuery(criteria), { uid: true });
  return (Array.isArray(found) ? found : []).sort((a, b) => a - b);
}
