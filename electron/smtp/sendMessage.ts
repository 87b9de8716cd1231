/**
 * Sends one message over SMTP with nodemailer. The RFC 5322 bytes are built once (MailComposer) from
 * structured, already-checked addresses, and handed to the server with an explicit envelope: exactly the
 * recipients the user saw, never ones nodemailer read out of a header. The same bytes are returned for the
 * copy in Sent. Security is the account's (TLS, or STARTTLS required — refused before AUTH when the server
 * does not offer it — or plaintext to loopback only), through the same options as the connection test.
 *
 * Failures are sorted for the outbox: `transient` ones (unreachable, timeout, a 4xx reply) are worth retrying
 * as they are; the others (a 5xx reply: recipient, sender or size refused, password rejected) are not.
 */
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ServerSettings } from '../../shared/contract/accounts';
import type { RecipientRefusal, SendRefusalCode } from '../../shared/contract/compose';
import type { Address } from '../../shared/contract/messages';
import { formatSize } from '../../shared/domain/formatSize';
import { describeConnectionError } from '../services/describeConnectionError';
import type { SignInSecret } from '../store/secretStore';
import type { Logger } from '../services/logger';
import { smtpTransportOptions } from './verifySmtp';

export interface OutgoingAttachmentBytes {
  filename: string;
  contentType: string;
  content: Buffer;
  /** An image the HTML shows inline (`cid:`): it goes in multipart/related beside the HTML. */
  contentId?: string;
}

/** A message whose every field has been checked (electron/compose/validateOutgoing.ts). */
export interface PreparedMessage {
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  text: string;
  /** With `text`, a multipart/alternative; null for plain text only. */
  html?: string | null;
  messageId: string;
  date: Date;
  inReplyTo: string | null;
  references: string[];
  attachments: OutgoingAttachmentBytes[];
  /** Extra header fields (names and values checked by the caller: ASCII, no line breaks). */
  headers?: Record<string, string>;
  /** A draft keeps its Bcc header (it never travels over SMTP); a sent message never does. */
  keepBcc?: boolean;
}

export interface SmtpEnvelope {
  /** ASCII addr-specs (IDN domains as A-labels). */
  from: string;
  to: string[];
}

export type SubmitResult =
  | { ok: true; accepted: string[]; refused: RecipientRefusal[] }
  | { ok: false; transient: true; code: string; reason: string }
  | { ok: false; transient: false; code: SendRefusalCode; reason: string; refused: RecipientRefusal[]; /** The server's SIZE, when that is why. */ limitBytes?: number };

/** The message as it goes on the wire: Bcc recipients are in the envelope only, never in a header (unless a draft). */
export async function buildRawMessage(message: PreparedMessage): Promise<Buffer> {
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    cc: message.cc,
    // Left out of the headers (MailComposer drops Bcc unless told to keep it); passed for completeness only.
    bcc: message.bcc,
    subject: message.subject,
    messageId: message.messageId,
    date: message.date,
    ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
    ...(message.references.length > 0 ? { references: message.references } : {}),
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    ...(message.headers ? { headers: message.headers } : {}),
    attachments: message.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
      ...(attachment.contentId ? { cid: attachment.contentId, contentDisposition: 'inline' as const } : { contentDisposition: 'attachment' as const }),
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
    newline: 'win',
  });
  const root = composer.compile();
  if (message.keepBcc) root.keepBcc = true;
  return root.build();
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
  rejected?: string[];
  rejectedErrors?: NodemailerError[];
  recipient?: string;
}

/** Submits `raw` to the server for exactly `envelope.to`. Never throws for an SMTP or network failure. */
export async function submitMessage(server: ServerSettings, password: SignInSecret, envelope: SmtpEnvelope, raw: Buffer, log?: Logger): Promise<SubmitResult> {
  const transport = nodemailer.createTransport(smtpTransportOptions(server, password, log));
  try {
    const info = await transport.sendMail({ envelope: { from: envelope.from, to: envelope.to, size: raw.length }, raw });
    return { ok: true, accepted: info.accepted.map(String), refused: refusals(info.rejected.map(String), (info.rejectedErrors ?? []) as NodemailerError[]) };
  } catch (cause) {
    return classify(cause as NodemailerError, server, raw.length);
  } finally {
    transport.close();
  }
}

/** Builds the message once, submits it, and returns the bytes that went out (for the copy in Sent). */
export async function sendMessage(server: ServerSettings, password: SignInSecret, envelope: SmtpEnvelope, message: PreparedMessage, log?: Logger): Promise<{ raw: Buffer; result: SubmitResult }> {
  const raw = await buildRawMessage(message);
  return { raw, result: await submitMessage(server, password, envelope, raw, log) };
}

function reply(error: NodemailerError): string {
  const text = (error.response ?? error.message ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}

function refusals(rejected: string[], errors: NodemailerError[]): RecipientRefusal[] {
  return rejected.map((address) => {
    const error = errors.find((entry) => entry.recipient === address) ?? errors[rejected.indexOf(address)];
    return { address, reason: error ? reply(error) : 'Refused by the server.' };
  });
}

const isTemporary = (code: number | undefined) => code !== undefined && code >= 400 && code < 500;

function classify(error: NodemailerError, server: ServerSettings, size: number): SubmitResult {
  const code = error.code ?? '';
  const where = `The SMTP server ${server.host}`;
  const refuse = (refusal: SendRefusalCode, reason: string, refused: RecipientRefusal[] = []): SubmitResult => ({ ok: false, transient: false, code: refusal, reason, refused });
  const later = (reason: string, laterCode = 'SERVER_BUSY'): SubmitResult => ({ ok: false, transient: true, code: laterCode, reason });

  if (code === 'EMESSAGE' && /size larger than allowed (\d+)/i.test(error.message ?? '')) {
    const limit = Number(/size larger than allowed (\d+)/i.exec(error.message ?? '')?.[1]);
    const reason = `The message is ${formatSize(size)}, but ${server.host} accepts at most ${formatSize(limit)}. Remove or shrink attachments and send it again.`;
    return { ok: false, transient: false, code: 'MESSAGE_TOO_LARGE', reason, refused: [], limitBytes: limit };
  }
  if (error.responseCode === 552 || error.responseCode === 523 || /5\.3\.4|message size|too (big|large)/i.test(error.response ?? '')) {
    return refuse('MESSAGE_TOO_LARGE', `${where} refused the message as too large (${formatSize(size)}): ${reply(error)}`);
  }
  if (code === 'EENVELOPE' && error.command === 'RCPT TO') {
    const refused = refusals(error.rejected ?? [], error.rejectedErrors ?? []);
    if ((error.rejectedErrors ?? []).some((entry) => isTemporary(entry.responseCode)) || isTemporary(error.responseCode)) {
      return later(`${where} cannot take the message for now: ${reply(error)}`);
    }
    const who = refused.map((entry) => entry.address).join(', ');
    return refuse('RECIPIENT_REJECTED', `${where} refused ${refused.length === 1 ? 'the recipient' : 'every recipient'}${who ? ` (${who})` : ''}: ${refused[0]?.reason ?? reply(error)}`, refused);
  }
  if (code === 'EENVELOPE' && error.command === 'MAIL FROM') {
    if (isTemporary(error.responseCode)) return later(`${where} cannot take mail from this account for now: ${reply(error)}`);
    return refuse('SENDER_REJECTED', `${where} refused to send as this account’s address: ${reply(error)}`);
  }
  if (code === 'EENVELOPE' || code === 'EMAXRECIPIENTS') return refuse('INVALID_MESSAGE', `The message could not be addressed: ${reply(error)}`);
  if (code === 'EAUTH') {
    if (isTemporary(error.responseCode)) return later(`${where} cannot sign in right now: ${reply(error)}`, 'AUTH_TEMPORARY');
    const described = describeConnectionError(error, { protocol: 'SMTP', host: server.host, port: server.port, username: server.username });
    return refuse('AUTH_FAILED', described.message);
  }
  if (code === 'ETLS' || error.command === 'STARTTLS' || error.command === 'CONN' || error.command === 'EHLO' || error.command === 'HELO') {
    // Before any mail was offered: the connection itself failed (no STARTTLS, bad certificate, refused greeting).
    const described = describeConnectionError(error, { protocol: 'SMTP', host: server.host, port: server.port, username: server.username });
    return later(described.message, described.code);
  }
  if (error.responseCode !== undefined && error.responseCode >= 500) return refuse('MESSAGE_REJECTED', `${where} refused the message: ${reply(error)}`);
  if (isTemporary(error.responseCode)) return later(`${where} cannot take the message for now: ${reply(error)}`);
  // Network, TLS and timeouts: described the way the connection test describes them, and retried later.
  const described = describeConnectionError(error, { protocol: 'SMTP', host: server.host, port: server.port, username: server.username });
  return later(described.message, described.code);
}
