/**
 * A believable mailbox for the demo and for tests: ~50 RFC 5322 messages over the last few weeks with the
 * things a mail client has to get right — accented and CJK names (RFC 2047), an ISO-8859-1 subject and body,
 * quoted-printable, multipart/alternative HTML (one with a remote tracking pixel), an HTML-only mail,
 * attachments (a generated PNG and PDF, one RFC 2231 file name), threads with a missing parent, and
 * \Seen/\Flagged/\Answered state. Deterministic for a given `now`: same input, same bytes.
 */
import { readdir, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { PrivateDovecot } from './privateDovecot';

export interface SampleMessage {
  mailbox: string;
  rfc822: string;
  flags: string[];
  /** Also the Date header; seeding makes it the IMAP INTERNALDATE too. */
  date: Date;
  subject: string;
  messageId: string;
}

export interface SeededMessage extends SampleMessage {
  uid: number;
}

/** Now, floored to the hour, so two runs within the hour build the same mailbox. */
export function roundedNow(now = new Date()): Date {
  const rounded = new Date(now);
  rounded.setUTCMinutes(0, 0, 0);
  return rounded;
}

// ---------------------------------------------------------------------------------------------------------
// People

interface Person {
  name: string;
  email: string;
  /** Minutes east of UTC, for a Date header written the way the sender's machine would. */
  tz: number;
}

const ALICE: Person = { name: 'Alice Demo', email: 'alice@example.test', tz: 60 };
const ZOE: Person = { name: 'Zoë Müller', email: 'zoe.mueller@example.de', tz: 60 };
const FRANCOIS: Person = { name: 'François Lefèvre', email: 'francois.lefevre@example.fr', tz: 60 };
const SOREN: Person = { name: 'Søren Østergaard', email: 'soren@example.dk', tz: 60 };
const JOSE: Person = { name: 'José Álvarez', email: 'jose.alvarez@example.es', tz: 60 };
const LUKASZ: Person = { name: 'Łukasz Wróbel', email: 'lukasz.wrobel@example.pl', tz: 60 };
const CHEN: Person = { name: '陈伟', email: 'chen.wei@example.cn', tz: 480 };
const PRIYA: Person = { name: 'Priya Raghunathan', email: 'priya@example.in', tz: 330 };
const BOB: Person = { name: 'Bob Martin', email: 'bob@example.test', tz: -300 };
const CAROL: Person = { name: 'Carol Nguyen', email: 'carol.nguyen@example.test', tz: -480 };
const FORGE: Person = { name: 'Forge', email: 'notifications@forge.example.test', tz: 0 };
const WEEKLY: Person = { name: 'The Weekly Tern', email: 'newsletter@weekly.example.test', tz: 0 };
const BANK: Person = { name: 'Northwind Bank, N.A.', email: 'no-reply@northwind-bank.example', tz: 60 };
const AIRLINE: Person = { name: 'Aurora Air', email: 'bookings@aurora-air.example', tz: 60 };
const ACCOUNTS: Person = { name: 'Example Accounts', email: 'security@accounts.example.test', tz: 0 };
const CALENDAR: Person = { name: 'Calendar', email: 'calendar@example.test', tz: 60 };
const LANDLORD: Person = { name: 'Hausverwaltung Köhler', email: 'info@koehler-hv.example.de', tz: 60 };
const BOOKSHOP: Person = { name: 'Corner Bookshop', email: 'orders@cornerbooks.example', tz: 0 };

// ---------------------------------------------------------------------------------------------------------
// Message model

interface Attachment {
  filename: string;
  contentType: string;
  data: Buffer;
}

type Body =
  | { kind: 'text'; text: string; encoding?: 'qp'; charset?: 'iso-8859-1' }
  | { kind: 'html'; html: string }
  | { kind: 'alternative'; text: string; html: string; htmlEncoding?: 'base64' }
  | { kind: 'mixed'; body: Body; attachments: Attachment[] };

interface Spec {
  mailbox: string;
  flags?: string[];
  at: Date;
  from: Person;
  to: Person[];
  cc?: Person[];
  subject: string;
  subjectEncoding?: 'Q' | 'latin1';
  id: string;
  /** Message ids (without the run suffix) of the thread so far, oldest first; the last one is the parent. */
  thread?: string[];
  body: Body;
  headers?: Array<[string, string]>;
}

export function sampleMailbox(now: Date): SampleMessage[] {
  const stamp = Math.floor(now.getTime() / 3_600_000).toString(36);
  const ago = (days: number, hours = 0, minutes = 0) =>
    new Date(now.getTime() - ((days * 24 + hours) * 60 + minutes) * 60_000);
  const specs = buildSpecs(ago);
  const mailboxOrder = ['INBOX', 'Archive', 'Sent', 'Drafts'];
  return specs
    .map((spec) => ({ spec, message: render(spec, stamp) }))
    .sort(
      (a, b) =>
        mailboxOrder.indexOf(a.spec.mailbox) - mailboxOrder.indexOf(b.spec.mailbox) ||
        a.spec.at.getTime() - b.spec.at.getTime(),
    )
    .map(({ message }) => message);
}

/**
 * Saves the sample into `user`'s mailboxes (oldest first, so UIDs rise with date), sets flags, and backdates
 * each message's INTERNALDATE to its Date header.
 */
export async function seedSampleMailbox(
  dovecot: PrivateDovecot,
  user: string,
  now: Date = roundedNow(),
): Promise<SeededMessage[]> {
  const messages = sampleMailbox(now);
  const seeded: SeededMessage[] = [];
  for (const mailbox of [...new Set(messages.map((m) => m.mailbox))]) {
    const inMailbox = messages.filter((m) => m.mailbox === mailbox);
    const before = await mailboxStatus(dovecot, user, mailbox);
    // One writer: doveadm save assigns the next UID, so the i-th save gets uidnext + i.
    for (const message of inMailbox) await dovecot.saveMessage(user, mailbox, message.rfc822);
    const after = await mailboxStatus(dovecot, user, mailbox);
    if (after.uidnext !== before.uidnext + inMailbox.length) {
      throw new Error(`Something else wrote to ${user}'s ${mailbox} while it was being seeded`);
    }
    const withUids = inMailbox.map((message, i) => ({ ...message, uid: before.uidnext + i }));
    seeded.push(...withUids);

    const byFlag = new Map<string, number[]>();
    for (const message of withUids) {
      for (const flag of message.flags) byFlag.set(flag, [...(byFlag.get(flag) ?? []), message.uid]);
    }
    for (const [flag, uids] of byFlag) {
      await dovecot.doveadm(['flags', 'add', '-u', user, flag, 'mailbox', mailbox, 'uid', uids.join(',')]);
    }
    await backdateReceived(dovecot, user, mailbox, withUids);
  }
  return seeded;
}

async function mailboxStatus(dovecot: PrivateDovecot, user: string, mailbox: string): Promise<{ uidnext: number }> {
  const out = await dovecot.doveadm(['-f', 'tab', 'mailbox', 'status', '-u', user, 'uidnext', mailbox]);
  // Tab format: a header line, then `<mailbox>\t<uidnext>`.
  const uidnext = Number(out.trim().split('\n').at(-1)?.split('\t').at(-1));
  if (!Number.isInteger(uidnext)) throw new Error(`Unexpected doveadm mailbox status output: ${out}`);
  return { uidnext };
}

/**
 * `doveadm save` stamps every message with the time of the save, which would make a three-week mailbox
 * look as if it all arrived today (clients sort by INTERNALDATE). A maildir's INTERNALDATE is the file's
 * mtime, and Dovecot caches it at save time, so: set the mtimes, then drop the mailbox's cache file, which
 * Dovecot treats as disposable and rebuilds. Runs before any client has the mailbox open.
 */
async function backdateReceived(
  dovecot: PrivateDovecot,
  user: string,
  mailbox: string,
  messages: SeededMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  const uids = messages.map((m) => m.uid);
  const fetched = await dovecot.doveadm([
    '-f', 'tab', 'fetch', '-u', user, 'uid guid', 'mailbox', mailbox, 'uid', `${Math.min(...uids)}:${Math.max(...uids)}`,
  ]);
  const guidByUid = new Map<number, string>();
  for (const line of fetched.trim().split('\n').slice(1)) {
    const [uid, guid] = line.split('\t');
    if (uid && guid) guidByUid.set(Number(uid), guid);
  }
  const mailPath = (await dovecot.doveadm(['mailbox', 'path', '-u', user, mailbox])).trim();
  const indexPath = (await dovecot.doveadm(['mailbox', 'path', '-u', user, '-t', 'index', mailbox])).trim();
  const files = new Map<string, string>();
  for (const sub of ['cur', 'new']) {
    for (const name of await readdir(join(mailPath, sub))) files.set(name.split(':')[0] ?? name, join(mailPath, sub, name));
  }
  for (const message of messages) {
    const guid = guidByUid.get(message.uid);
    const file = guid === undefined ? undefined : files.get(guid);
    if (file === undefined) throw new Error(`Cannot find the maildir file of ${mailbox} UID ${message.uid}`);
    await utimes(file, message.date, message.date);
  }
  await rm(join(indexPath, 'dovecot.index.cache'), { force: true });
}

// ---------------------------------------------------------------------------------------------------------
// The sample itself

function buildSpecs(ago: (days: number, hours?: number, minutes?: number) => Date): Spec[] {
  const seen = ['\\Seen'];
  const lisbon = ['lisbon-1@mail.example.de', 'lisbon-2@example.test', 'lisbon-3@example.fr', 'lisbon-4@mail.example.de', 'lisbon-5@example.test'];
  const review = ['sync-review-1@example.test', 'sync-review-2@example.test', 'sync-review-3@example.test'];
  const idle = ['idle-question-1@example.pl', 'idle-question-2@example.test'];
  const dinner = ['dinner-1@example.cn', 'dinner-reply-from-phone@example.test'];
  const forge = (n: number, subject: string, at: Date, text: string, flags = seen): Spec => ({
    mailbox: 'INBOX',
    flags,
    at,
    from: FORGE,
    to: [ALICE],
    subject: `[tern/tern] ${subject}`,
    id: `forge-${n}@forge.example.test`,
    body: {
      kind: 'alternative',
      text: `${text}\n\n—\nReply to this email directly or view it on Forge:\nhttps://forge.example.test/tern/tern/${n}\n`,
      html: `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p><p style="color:#666;font-size:12px">— <a href="https://forge.example.test/tern/tern/${n}">View it on Forge</a></p>`,
    },
    headers: [['List-Id', '<tern.tern.forge.example.test>'], ['X-Forge-Reason', 'subscribed']],
  });
  const weekly = (issue: number, at: Date): Spec => ({
    mailbox: issue < 41 ? 'Archive' : 'INBOX',
    flags: seen,
    at,
    from: WEEKLY,
    to: [ALICE],
    subject: `The Weekly Tern #${issue}: offline-first, IMAP IDLE and a good cup of tea`,
    id: `weekly-${issue}@weekly.example.test`,
    body: {
      kind: 'alternative',
      htmlEncoding: 'base64',
      text: `THE WEEKLY TERN — issue ${issue}\n\n1. Why offline-first mail clients feel faster\n2. IMAP IDLE: renew before 29 minutes\n3. Reader question: what is QRESYNC?\n\nRead online: https://weekly.example.test/${issue}\nUnsubscribe: https://weekly.example.test/unsubscribe\n`,
      html: `<!doctype html><html><body style="font-family:Georgia,serif;max-width:600px;margin:auto">
<h1 style="color:#1b6fa8">The Weekly Tern <small>#${issue}</small></h1>
<ol><li><a href="https://weekly.example.test/${issue}/offline">Why offline-first mail clients feel faster</a></li>
<li><a href="https://weekly.example.test/${issue}/idle">IMAP IDLE: renew before 29 minutes</a></li>
<li>Reader question: what is <b>QRESYNC</b>?</li></ol>
<p style="font-size:11px;color:#888"><a href="https://weekly.example.test/unsubscribe">Unsubscribe</a></p>
<img src="https://weekly.example.test/open.gif?issue=${issue}" width="1" height="1" alt="">
</body></html>`,
    },
    headers: [
      ['List-Id', 'The Weekly Tern <weekly.example.test>'],
      ['List-Unsubscribe', '<https://weekly.example.test/unsubscribe>, <mailto:unsubscribe@weekly.example.test>'],
      ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
      ['Precedence', 'bulk'],
    ],
  });

  return [
    // --- Archive: older than three weeks
    weekly(38, ago(34, 6)),
    {
      mailbox: 'Archive', flags: seen, at: ago(31, 2), from: LANDLORD, to: [ALICE],
      subject: 'Verlängerung Ihres Mietvertrags / lease renewal', id: 'lease-2@koehler-hv.example.de',
      body: { kind: 'text', text: 'Sehr geehrte Frau Demo,\n\nanbei die Unterlagen zur Verlängerung Ihres Mietvertrags. Bitte unterschreiben Sie bis Monatsende.\n\n(English: please sign the lease renewal by the end of the month.)\n\nMit freundlichen Grüßen\nHausverwaltung Köhler\n' },
    },
    {
      mailbox: 'Archive', flags: seen, at: ago(28, 4), from: BOB, to: [ALICE],
      subject: 'Wrapping up the Heron project', id: 'heron-wrapup@example.test',
      body: { kind: 'text', text: 'Hi Alice,\n\nHeron is officially done. Thanks for carrying the last sprint.\nRetro notes are in the wiki.\n\nBob\n' },
    },
    {
      mailbox: 'Archive', flags: seen, at: ago(25, 9), from: BOOKSHOP, to: [ALICE],
      subject: 'Receipt for order #20417', id: 'order-20417@cornerbooks.example',
      body: { kind: 'alternative', text: 'Thanks for your order!\n\n1 × "Internet Message Format" (paperback)   €24.90\nShipping                                     €0.00\nTotal                                       €24.90\n', html: '<h2>Thanks for your order!</h2><table><tr><td>1 × <i>Internet Message Format</i> (paperback)</td><td>€24.90</td></tr><tr><td><b>Total</b></td><td><b>€24.90</b></td></tr></table>' },
    },
    {
      mailbox: 'Archive', flags: ['\\Seen', '\\Flagged'], at: ago(23, 1), from: BANK, to: [ALICE],
      subject: 'Your tax certificate for last year', id: 'tax-cert@northwind-bank.example',
      body: { kind: 'mixed', body: { kind: 'text', text: 'Dear customer,\n\nyour annual tax certificate is attached.\n\nNorthwind Bank\n' }, attachments: [{ filename: 'tax-certificate.pdf', contentType: 'application/pdf', data: pdf(['Northwind Bank', 'Annual tax certificate']) }] },
    },

    // --- INBOX, oldest first
    forge(88, 'Release v0.0.9', ago(20, 3), 'v0.0.9 is out: drafts sync, a faster folder list and 14 bug fixes.'),
    weekly(41, ago(20, 1)),
    {
      mailbox: 'INBOX', flags: ['\\Seen', '\\Flagged'], at: ago(19, 5), from: BOB, to: [ALICE],
      subject: 'Welcome to the team!', id: 'welcome@example.test',
      body: { kind: 'text', text: 'Hi Alice,\n\nwelcome aboard! Your laptop arrives Monday. Carol will walk you through onboarding;\nask me anything about the sync engine.\n\nBob\n-- \nBob Martin · Engineering lead\n' },
    },
    {
      mailbox: 'INBOX', flags: seen, at: ago(19, 2), from: CAROL, to: [ALICE], cc: [BOB],
      subject: 'Onboarding checklist', id: 'onboarding@example.test',
      body: { kind: 'alternative', text: 'Hi Alice!\n\nHere is your checklist:\n\n[ ] Set up your dev machine\n[ ] Read docs/architecture.md\n[ ] Pair with Bob on the IMAP worker\n[ ] Lunch with the team (Friday)\n\nCarol\n', html: '<p>Hi Alice!</p><p>Here is your checklist:</p><ul><li>☐ Set up your dev machine</li><li>☐ Read <code>docs/architecture.md</code></li><li>☐ Pair with Bob on the IMAP worker</li><li>☐ Lunch with the team (<b>Friday</b>)</li></ul><p>Carol</p>' },
    },
    {
      mailbox: 'INBOX', flags: seen, at: ago(18, 7), from: BANK, to: [ALICE],
      subject: 'Your October statement is ready', id: 'statement-oct@northwind-bank.example',
      body: { kind: 'mixed', body: { kind: 'text', text: 'Dear customer,\n\nyour monthly statement is attached as a PDF.\nThis is an automated message; please do not reply.\n\nNorthwind Bank, N.A.\n' }, attachments: [{ filename: 'statement-october.pdf', contentType: 'application/pdf', data: pdf(['Northwind Bank', 'Statement of account: October', 'Balance: 1,234.56 EUR']) }] },
    },
    {
      mailbox: 'INBOX', flags: ['\\Seen', '\\Answered'], at: ago(17, 4), from: LUKASZ, to: [ALICE],
      subject: 'Quick question about IMAP IDLE', id: idle[0]!,
      body: { kind: 'text', text: 'Cześć Alice,\n\nhow often do you renew IDLE? Our Dovecot drops us after ~30 minutes and\nI am not sure if that is the server or our client.\n\nDzięki!\nŁukasz\n' },
    },
    {
      mailbox: 'Sent', flags: seen, at: ago(16, 20), from: ALICE, to: [LUKASZ],
      subject: 'Re: Quick question about IMAP IDLE', id: idle[1]!, thread: idle.slice(0, 1),
      body: { kind: 'text', text: 'Hi Łukasz,\n\nRFC 2177 says the server may log you out after 30 minutes, so renew\nbefore 29 — we use about 4 minutes because some providers stop pushing\nmuch sooner.\n\nAlice\n\n> how often do you renew IDLE? Our Dovecot drops us after ~30 minutes\n' },
    },
    forge(97, 'Reconnect after sleep loses IDLE (#97)', ago(16, 2), 'After the laptop wakes up, new mail only shows up after a manual refresh.'),
    {
      mailbox: 'INBOX', flags: seen, at: ago(15, 6), from: JOSE, to: [ALICE],
      subject: 'Reunión del jueves', subjectEncoding: 'latin1', id: 'reunion@example.es',
      body: { kind: 'text', charset: 'iso-8859-1', encoding: 'qp', text: 'Hola Alice,\n\n¿Podemos mover la reunión del jueves a las 15:00? Tengo médico por la mañana.\n\nGracias,\nJosé\n' },
    },
    weekly(42, ago(13, 1)),
    {
      mailbox: 'INBOX', flags: ['\\Seen', '\\Flagged'], at: ago(12, 8), from: PRIYA, to: [ALICE],
      subject: 'Conference talk accepted 🎉', id: 'talk-accepted@example.in',
      body: { kind: 'text', text: 'Alice — our talk "Offline-first mail, the hard parts" got accepted! 🎉\n\nSlot: day 2, 11:30, room B. Let us do a dry run next week.\n\nPriya\n' },
    },
    forge(103, 'PR #103: QRESYNC support', ago(12, 2), 'Bob requested your review on "Use QRESYNC SELECT for incremental sync".'),
    {
      mailbox: 'INBOX', flags: seen, at: ago(11, 5), from: SOREN, to: [ALICE],
      subject: 'Photos from the fjord', id: 'fjord-photos@example.dk',
      body: { kind: 'mixed', body: { kind: 'text', text: 'Hej Alice,\n\nthe weather finally cleared on the last day. One photo attached (the\nothers are too big for email).\n\nSøren\n' }, attachments: [{ filename: 'fjørd.png', contentType: 'image/png', data: png(24, 16) }] },
    },
    {
      mailbox: 'INBOX', flags: seen, at: ago(10, 3), from: CHEN, to: [ALICE],
      subject: '周末聚餐 — dinner on Saturday?', id: dinner[0]!,
      body: { kind: 'text', text: 'Hi Alice,\n\n周六晚上一起吃饭吗？I found a great dumpling place near the river.\n7 pm?\n\n陈伟 (Chen Wei)\n' },
    },
    {
      mailbox: 'INBOX', flags: ['\\Seen', '\\Answered'], at: ago(9, 0), from: ZOE, to: [ALICE], cc: [FRANCOIS],
      subject: 'Trip to Lisbon in May?', id: lisbon[0]!,
      body: { kind: 'text', text: 'Hi Alice, hi François,\n\nshall we finally do the Lisbon trip? I was thinking of the second week\nof May: pastéis de nata, the tram 28, and a day in Sintra.\n\nZoë\n' },
    },
    {
      mailbox: 'INBOX', flags: ['\\Seen', '\\Answered'], at: ago(8, 22), from: BOB, to: [ALICE, CAROL],
      subject: 'Sync design review — Thursday 10:00', id: review[0]!,
      body: { kind: 'text', text: 'Hi both,\n\nlet us review the sync design on Thursday at 10:00 (your 16:00, Alice).\nAgenda:\n  1. delta flow control\n  2. UIDVALIDITY changes\n  3. the offline op queue\n\nBob\n' },
    },
    {
      mailbox: 'Sent', flags: seen, at: ago(8, 20), from: ALICE, to: [ZOE], cc: [FRANCOIS],
      subject: 'Re: Trip to Lisbon in May?', id: lisbon[1]!, thread: lisbon.slice(0, 1),
      body: { kind: 'text', text: 'Yes please! Second week of May works for me.\n\nAlice\n\nZoë Müller wrote:\n> shall we finally do the Lisbon trip?\n' },
    },
    {
      mailbox: 'INBOX', flags: seen, at: ago(8, 6), from: FRANCOIS, to: [ZOE, ALICE],
      subject: 'Re: Trip to Lisbon in May?', id: lisbon[2]!, thread: lisbon.slice(0, 2),
      body: { kind: 'text', text: 'Je suis partant ! I can book the flat — Alfama or Príncipe Real?\n\nFrançois\n' },
    },
    {
      mailbox: 'INBOX', flags: seen, at: ago(8, 1), from: CAROL, to: [BOB, ALICE],
      subject: 'Re: Sync design review — Thursday 10:00', id: review[1]!, thread: review.slice(0, 1),
      body: { kind: 'alternative', text: 'Works for me. I will bring the sequence diagrams.\n\nCarol\n\n> let us review the sync design on Thursday at 10:00\n', html: '<div>Works for me. I will bring the <b>sequence diagrams</b>.</div><div>Carol</div><blockquote style="border-left:2px solid #ccc;padding-left:8px">let us review the sync design on Thursday at 10:00</blockquote>' },
    },
    {
      mailbox: 'Sent', flags: seen, at: ago(7, 22), from: ALICE, to: [BOB, CAROL],
      subject: 'Re: Sync design review — Thursday 10:00', id: review[2]!, thread: review.slice(0, 2),
      body: { kind: 'text', text: 'Thursday is fine. Could we add "a renderer closed mid-sync" to the agenda?\n\nAlice\n' },
    },
    forge(108, 'CI failed on main', ago(7, 5), 'The integration job failed: "IDLE renewal" timed out after 60 s.'),
    {
      mailbox: 'INBOX', flags: ['\\Seen', '\\Flagged'], at: ago(7, 2), from: AIRLINE, to: [ALICE],
      subject: 'Booking confirmation: BER → LIS, 11 May', id: 'booking-7QX2LM@aurora-air.example',
      body: { kind: 'html', html: '<html><body style="font-family:Arial,sans-serif"><h2 style="color:#0b3d91">Your booking is confirmed</h2><p>Booking reference: <b>7QX2LM</b></p><table border="1" cellpadding="6" style="border-collapse:collapse"><tr><th>Flight</th><th>From</th><th>To</th><th>Departs</th></tr><tr><td>AU 1432</td><td>Berlin (BER)</td><td>Lisbon (LIS)</td><td>11 May, 07:15</td></tr></table><p>Passenger: ALICE DEMO</p></body></html>' },
    },
    weekly(43, ago(6, 4)),
    {
      mailbox: 'INBOX', flags: ['\\Seen', '\\Flagged', '\\Answered'], at: ago(6, 3), from: ZOE, to: [ALICE, FRANCOIS],
      subject: 'Re: Trip to Lisbon in May?', id: lisbon[3]!, thread: lisbon.slice(0, 3),
      body: { kind: 'text', text: 'Alfama! Flights are booked (see Aurora Air confirmation), 11–17 May.\nI will make a list of restaurants.\n\nZoë\n\n> I can book the flat — Alfama or Príncipe Real?\n' },
    },
    {
      mailbox: 'INBOX', flags: seen, at: ago(5, 14), from: ACCOUNTS, to: [ALICE],
      subject: 'New sign-in to your account', id: 'signin-5521@accounts.example.test',
      body: { kind: 'text', text: 'We noticed a new sign-in to your account.\n\nDevice: Tern on Linux\nWhere: Berlin, Germany\n\nIf this was you, you can ignore this message.\n' },
    },
    {
      mailbox: 'Sent', flags: seen, at: ago(5, 10), from: ALICE, to: [ZOE, FRANCOIS],
      subject: 'Re: Trip to Lisbon in May?', id: lisbon[4]!, thread: lisbon.slice(0, 4),
      body: { kind: 'text', text: 'Booked mine too. François, the flat in Alfama looks perfect.\n\nAlice\n' },
    },
    {
      mailbox: 'INBOX', flags: seen, at: ago(5, 4), from: BOB, to: [ALICE, CAROL],
      subject: 'Re: Sync design review — Thursday 10:00', id: 'sync-review-4@example.test', thread: review,
      body: { kind: 'text', text: 'Added. Notes from the review are in docs/decisions/0007-sync.md.\nAction items: Alice — UIDVALIDITY test; Carol — op queue UI.\n\nBob\n' },
    },
    {
      mailbox: 'INBOX', flags: seen, at: ago(4, 9), from: LUKASZ, to: [ALICE],
      subject: 'Re: Quick question about IMAP IDLE', id: 'idle-question-3@example.pl', thread: idle,
      body: { kind: 'text', text: 'That was it — renewing every 4 minutes fixed it. Stawiam piwo! 🍺\n\nŁukasz\n' },
    },
    forge(110, 'PR #110 merged: reconnect with backoff', ago(4, 2), 'Merged #110 into main. Closes #97.'),
    {
      mailbox: 'INBOX', flags: seen, at: ago(3, 11), from: CALENDAR, to: [ALICE],
      subject: 'Reminder: Dentist tomorrow at 09:30', id: 'reminder-dentist@example.test',
      body: { kind: 'text', text: 'Dentist\nTomorrow, 09:30–10:15\nPraxis Dr. Weiß, Torstraße 12\n' },
    },
    {
      mailbox: 'INBOX', flags: seen, at: ago(3, 2), from: CAROL, to: [ALICE],
      subject: 'Design tokens for dark mode', id: 'dark-mode-1@example.test',
      body: { kind: 'alternative', text: 'Hi Alice,\n\nproposed tokens:\n  surface  #121417\n  text     #e8eaed\n  accent   #5aa9e6\n\nThoughts?\nCarol\n', html: '<p>Hi Alice,</p><p>proposed tokens:</p><table><tr><td>surface</td><td style="background:#121417;color:#e8eaed">#121417</td></tr><tr><td>text</td><td>#e8eaed</td></tr><tr><td>accent</td><td style="color:#5aa9e6">#5aa9e6</td></tr></table><p>Thoughts?<br>Carol</p>' },
    },
    {
      mailbox: 'INBOX', flags: seen, at: ago(2, 15), from: BANK, to: [ALICE],
      subject: 'Payment received', id: 'payment-88812@northwind-bank.example',
      body: { kind: 'text', text: 'We received your payment of 120.00 EUR. Thank you.\n' },
    },
    {
      mailbox: 'INBOX', flags: seen, at: ago(2, 6), from: PRIYA, to: [ALICE],
      subject: 'Slides draft', id: 'slides-draft@example.in',
      body: { kind: 'text', text: 'First draft of the slides is in our shared folder. I kept your sync\ndiagram on slide 7 — could you check the arrows?\n\nPriya\n' },
    },
    {
      mailbox: 'INBOX', flags: seen, at: ago(2, 1), from: CHEN, to: [ALICE],
      subject: 'Re: 周末聚餐 — dinner on Saturday?', id: 'dinner-3@example.cn', thread: dinner,
      body: { kind: 'text', text: '太好了！See you at 7. I reserved a table for four.\n\n陈伟\n' },
    },
    forge(121, 'Issue #121: Flag changes flicker', ago(1, 20), 'Marking a message read shows it unread for a moment when the server echo arrives.', []),
    {
      mailbox: 'INBOX', flags: [], at: ago(1, 2), from: FRANCOIS, to: [ZOE, ALICE],
      subject: 'Re: Trip to Lisbon in May?', id: 'lisbon-6@example.fr', thread: lisbon,
      body: { kind: 'text', encoding: 'qp', text: "Parfait ! J'ai réservé l'appartement à Alfama du 11 au 17 mai — terrasse avec vue sur le Tage, à deux pas de la Sé. Le propriétaire s'appelle João ; il nous laissera les clés dans une boîte à code.\n\nÀ bientôt,\nFrançois\n\nAlice Demo a écrit :\n> Booked mine too. François, the flat in Alfama looks perfect.\n" },
    },
    {
      mailbox: 'INBOX', flags: [], at: ago(0, 22), from: BOB, to: [ALICE],
      subject: 'Lunch?', id: 'lunch@example.test',
      body: { kind: 'text', text: 'Tacos at 12:30?\n' },
    },
    {
      mailbox: 'INBOX', flags: [], at: ago(0, 18), from: JOSE, to: [ALICE],
      subject: '¿Café el lunes?', subjectEncoding: 'Q', id: 'cafe@example.es',
      body: { kind: 'text', text: '¿Te apetece un café el lunes por la mañana? Invito yo ☕\n\nJosé\n' },
    },
    forge(125, 'Released v0.1.0-beta.1', ago(0, 12), 'v0.1.0-beta.1 is out: browser mode, the demo command and CONDSTORE fallbacks.', []),
    {
      mailbox: 'INBOX', flags: [], at: ago(0, 9), from: SOREN, to: [ALICE],
      subject: 'Re: Photos from the fjord', id: 'fjord-photos-2@example.dk', thread: ['fjord-photos@example.dk'],
      body: { kind: 'text', text: 'PS: the full album is up — ask me for the link.\n\nSøren\n' },
    },
    {
      mailbox: 'INBOX', flags: ['\\Flagged'], at: ago(0, 6), from: CAROL, to: [ALICE],
      subject: 'Re: Design tokens for dark mode', id: 'dark-mode-2@example.test', thread: ['dark-mode-1@example.test'],
      body: { kind: 'text', text: 'Bob likes them. Can you try them in the reader view before Friday?\n\nCarol\n' },
    },
    {
      mailbox: 'INBOX', flags: [], at: ago(0, 3), from: AIRLINE, to: [ALICE],
      subject: 'Check-in is open for your flight to Lisbon', id: 'checkin-7QX2LM@aurora-air.example',
      body: { kind: 'alternative', text: 'Check-in is open for AU 1432 Berlin → Lisbon.\nCheck in now: https://aurora-air.example/checkin/7QX2LM\n', html: '<h2>Check-in is open</h2><p>AU 1432 Berlin → Lisbon</p><p><a href="https://aurora-air.example/checkin/7QX2LM" style="background:#0b3d91;color:#fff;padding:8px 16px;text-decoration:none">Check in now</a></p>' },
    },
    {
      mailbox: 'INBOX', flags: [], at: ago(0, 1), from: ZOE, to: [ALICE, FRANCOIS],
      subject: 'Lisbon: restaurant list', id: 'lisbon-restaurants@mail.example.de',
      body: { kind: 'text', text: 'As promised:\n\n• Taberna da Rua das Flores\n• Cervejaria Ramiro (for the seafood)\n• Manteigaria — the best pastéis de nata\n\nZoë\n' },
    },
    {
      mailbox: 'INBOX', flags: [], at: ago(0, 0, 12), from: BOB, to: [ALICE],
      subject: 'Build is green again', id: 'build-green@example.test',
      body: { kind: 'text', text: 'Fixed the flaky IDLE test; main is green. 🟢\n' },
    },

    // --- Drafts
    {
      mailbox: 'Drafts', flags: ['\\Seen', '\\Draft'], at: ago(0, 2), from: ALICE, to: [BOB],
      subject: 'Notes for the UIDVALIDITY test', id: 'draft-uidvalidity@example.test',
      body: { kind: 'text', text: 'Bob,\n\nplan for the UIDVALIDITY test:\n- rename the mailbox elsewhere\n- expect BYE, reconnect, drop rows, keep bodies by Message-ID\n\n(unfinished)\n' },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Rendering

function render(spec: Spec, stamp: string): SampleMessage {
  const messageId = withStamp(spec.id, stamp);
  const headers: string[] = [
    header('From', address(spec.from)),
    header('To', spec.to.map(address).join(', ')),
  ];
  if (spec.cc?.length) headers.push(header('Cc', spec.cc.map(address).join(', ')));
  headers.push(
    header('Subject', encodeSubject(spec.subject, spec.subjectEncoding)),
    header('Date', rfc5322Date(spec.at, spec.from.tz)),
    header('Message-ID', messageId),
  );
  if (spec.thread?.length) {
    const refs = spec.thread.map((id) => withStamp(id, stamp));
    headers.push(header('In-Reply-To', refs.at(-1) ?? ''), header('References', refs.join(' ')));
  }
  for (const [name, value] of spec.headers ?? []) headers.push(header(name, value));
  headers.push('MIME-Version: 1.0');
  const part = renderBody(spec.body, spec.id);
  const rfc822 = [...headers, ...part.headers].join('\r\n') + '\r\n\r\n' + part.content;
  return { mailbox: spec.mailbox, rfc822, flags: spec.flags ?? [], date: spec.at, subject: spec.subject, messageId };
}

function withStamp(id: string, stamp: string): string {
  const at = id.indexOf('@');
  return `<${id.slice(0, at)}.${stamp}${id.slice(at)}>`;
}

interface RenderedPart {
  headers: string[];
  content: string;
}

function renderBody(body: Body, seed: string): RenderedPart {
  switch (body.kind) {
    case 'text': {
      const charset = body.charset ?? 'utf-8';
      const bytes = Buffer.from(body.text, charset === 'iso-8859-1' ? 'latin1' : 'utf8');
      const ascii = /^[\x20-\x7e\n]*$/.test(body.text);
      const cte = body.encoding === 'qp' || charset !== 'utf-8' ? 'quoted-printable' : ascii ? '7bit' : '8bit';
      return {
        headers: [`Content-Type: text/plain; charset=${charset}`, `Content-Transfer-Encoding: ${cte}`],
        content: cte === 'quoted-printable' ? quotedPrintable(bytes) : crlf(body.text),
      };
    }
    case 'html':
      return {
        headers: ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'],
        content: quotedPrintable(Buffer.from(body.html)),
      };
    case 'alternative': {
      const boundary = `=_tern_alt_${slug(seed)}`;
      const text = renderBody({ kind: 'text', text: body.text }, seed);
      const html: RenderedPart =
        body.htmlEncoding === 'base64'
          ? { headers: ['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64'], content: base64Lines(Buffer.from(body.html)) }
          : renderBody({ kind: 'html', html: body.html }, seed);
      return multipart('alternative', boundary, [text, html]);
    }
    case 'mixed': {
      const boundary = `=_tern_mixed_${slug(seed)}`;
      const parts = [renderBody(body.body, `${seed}-inner`), ...body.attachments.map(renderAttachment)];
      return multipart('mixed', boundary, parts);
    }
  }
}

function renderAttachment(attachment: Attachment): RenderedPart {
  const ascii = /^[\x20-\x7e]*$/.test(attachment.filename);
  // RFC 2231 for the disposition (what the standard says), RFC 2047 in `name` (what many clients read).
  const disposition = ascii
    ? `attachment; filename="${attachment.filename}"`
    : `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`;
  const name = ascii ? `"${attachment.filename}"` : `"${encodedWords(attachment.filename, 'B', 'utf-8').join(' ')}"`;
  return {
    headers: [
      `Content-Type: ${attachment.contentType}; name=${name}`,
      `Content-Disposition: ${disposition}`,
      'Content-Transfer-Encoding: base64',
    ],
    content: base64Lines(attachment.data),
  };
}

function multipart(subtype: string, boundary: string, parts: RenderedPart[]): RenderedPart {
  const body = parts.map((part) => `--${boundary}\r\n${part.headers.join('\r\n')}\r\n\r\n${part.content}`).join('');
  return {
    headers: [`Content-Type: multipart/${subtype}; boundary="${boundary}"`],
    content: `This is a multi-part message in MIME format.\r\n\r\n${body}--${boundary}--\r\n`,
  };
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '_');
}

function crlf(text: string): string {
  const withNewline = text.endsWith('\n') ? text : `${text}\n`;
  return withNewline.replace(/\r?\n/g, '\r\n');
}

// ---------------------------------------------------------------------------------------------------------
// Header encodings (RFC 5322 folding, RFC 2047 encoded words)

function header(name: string, value: string): string {
  // Fold at spaces so no line passes 78 characters (encoded words are kept whole).
  const words = value.split(' ');
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of words) {
    if (line.length + 1 + word.length > 78 && line.length > name.length + 1) {
      lines.push(line);
      line = ` ${word}`;
    } else {
      line += ` ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\r\n');
}

function address(person: Person): string {
  return `${phrase(person.name)} <${person.email}>`;
}

function phrase(name: string): string {
  if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(name)) return name;
  if (/^[\x20-\x7e]+$/.test(name)) return `"${name.replace(/(["\\])/g, '\\$1')}"`;
  return encodedWords(name, 'B', 'utf-8').join(' ');
}

function encodeSubject(subject: string, encoding?: 'Q' | 'latin1'): string {
  if (/^[\x20-\x7e]*$/.test(subject)) return subject;
  if (encoding === 'latin1') return encodedWords(subject, 'Q', 'iso-8859-1').join(' ');
  return encodedWords(subject, encoding === 'Q' ? 'Q' : 'B', 'utf-8').join(' ');
}

/** Splits on character boundaries so no encoded word passes the 75-character limit of RFC 2047. */
function encodedWords(text: string, mode: 'B' | 'Q', charset: 'utf-8' | 'iso-8859-1'): string[] {
  const prefix = `=?${charset.toUpperCase()}?${mode}?`;
  const encode = (chunk: string): string => {
    const bytes = Buffer.from(chunk, charset === 'utf-8' ? 'utf8' : 'latin1');
    return mode === 'B' ? bytes.toString('base64') : qEncode(bytes);
  };
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (chunk && prefix.length + encode(chunk + char).length + 2 > 75) {
      words.push(`${prefix}${encode(chunk)}?=`);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(`${prefix}${encode(chunk)}?=`);
  return words;
}

function qEncode(bytes: Buffer): string {
  let out = '';
  for (const byte of bytes) {
    if (byte === 0x20) out += '_';
    else if (/[A-Za-z0-9!*+\-/]/.test(String.fromCharCode(byte))) out += String.fromCharCode(byte);
    else out += `=${hex(byte)}`;
  }
  return out;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function rfc5322Date(date: Date, tzMinutes: number): string {
  const local = new Date(date.getTime() + tzMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const sign = tzMinutes < 0 ? '-' : '+';
  const offset = `${sign}${two(Math.floor(Math.abs(tzMinutes) / 60))}${two(Math.abs(tzMinutes) % 60)}`;
  return (
    `${DAYS[local.getUTCDay()]}, ${two(local.getUTCDate())} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ${offset}`
  );
}

// ---------------------------------------------------------------------------------------------------------
// Body encodings

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

/** RFC 2045 quoted-printable: soft line breaks at 76, trailing whitespace encoded, CRLF line ends. */
function quotedPrintable(bytes: Buffer): string {
  const lines: string[] = [];
  const text = bytes.toString('latin1'); // one char per byte, so indexes are byte offsets
  for (const line of text.replace(/\r?\n$/, '').split(/\r?\n/)) {
    const tokens: string[] = [];
    for (let i = 0; i < line.length; i++) {
      const byte = line.charCodeAt(i);
      const isLast = i === line.length - 1;
      const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !isLast);
      tokens.push(literal ? line[i]! : `=${hex(byte)}`);
    }
    let current = '';
    for (const token of tokens) {
      if (current.length + token.length > 75) {
        lines.push(`${current}=`);
        current = '';
      }
      current += token;
    }
    lines.push(current);
  }
  return lines.join('\r\n') + '\r\n';
}

function base64Lines(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n') + '\r\n';
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// ---------------------------------------------------------------------------------------------------------
// Tiny, valid attachments, generated rather than pasted so their bytes are explainable

/** A small RGB PNG: a sky-to-fjord gradient with a white horizon line. */
function png(width: number, height: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // leading 0 = no filter
    for (let x = 0; x < width; x++) {
      const horizon = y === Math.floor(height / 2);
      const sky = y < height / 2;
      const [r, g, b] = horizon ? [255, 255, 255] : sky ? [120 + 4 * y, 180 + 2 * y, 235] : [20 + x, 70 + 2 * y, 110 + x];
      row.writeUInt8(r, 1 + x * 3);
      row.writeUInt8(g, 2 + x * 3);
      row.writeUInt8(b, 3 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typeAndData));
    return Buffer.concat([length, typeAndData, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF 1.4 with a few lines of Helvetica and a correct cross-reference table. */
function pdf(lines: string[]): Buffer {
  const escape = (text: string) => text.replace(/([\\()])/g, '\\$1');
  const stream = `BT /F1 16 Tf 36 150 Td ${lines.map((line, i) => `${i === 0 ? '' : '0 -24 Td '}(${escape(line)}) Tj`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
