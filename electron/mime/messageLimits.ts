/**
 * How large a message Tern downloads and parses. Kept apart from the IMAP code so the parsing worker's
 * module graph never loads imapflow.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
