/**
 * Reads a Thunderbird autoconfig document (config-v1.1.xml) into plain values, trusting nothing in it.
 *
 * saxes is a strict, streaming XML parser: a document that is not well-formed is refused, and it never expands
 * entities declared in a DTD (only the five predefined ones and character references). We refuse any DOCTYPE
 * outright anyway, cap depth, element count and text length, and keep only the few elements we know, so a
 * hostile answer can neither blow up memory nor smuggle anything through.
 */
import { SaxesParser } from 'saxes';

export interface AutoconfigServer {
  type: string;
  hostname: string;
  port: string;
  socketType: string;
  username: string;
  authentication: string[];
}

export interface AutoconfigDocument {
  displayName: string | null;
  incoming: AutoconfigServer[];
  outgoing: AutoconfigServer[];
}

const MAX_DEPTH = 12;
const MAX_ELEMENTS = 2_000;
const MAX_TEXT = 1_000;
const MAX_SERVERS = 20;
const SERVER_FIELDS = new Set(['hostname', 'port', 'socketType', 'username', 'authentication']);

export class AutoconfigError extends Error {}

export function parseAutoconfig(xml: string): AutoconfigDocument {
  const doc: AutoconfigDocument = { displayName: null, incoming: [], outgoing: [] };
  const parser = new SaxesParser({ position: false });
  const stack: string[] = [];
  let elements = 0;
  let text = '';
  let server: AutoconfigServer | null = null;
  let failure: string | null = null;
  const fail = (reason: string): never => {
    failure ??= reason;
    throw new AutoconfigError(reason);
  };

  parser.on('doctype', () => fail('it declares a DOCTYPE'));
  parser.on('error', (error) => fail(`it is not well-formed XML (${error.message})`));
  parser.on('opentag', (tag) => {
    if (++elements > MAX_ELEMENTS) fail('it has too many elements');
    if (stack.length >= MAX_DEPTH) fail('it is nested too deeply');
    const parent = stack.at(-1);
    stack.push(tag.name);
    text = '';
    if (stack.length === 1 && tag.name !== 'clientConfig') fail('it is not a clientConfig document');
    if (parent === 'emailProvider' && (tag.name === 'incomingServer' || tag.name === 'outgoingServer')) {
      if (doc.incoming.length + doc.outgoing.length >= MAX_SERVERS) fail('it lists too many servers');
      const type = tag.attributes.type;
      server = { type: typeof type === 'string' ? type : '', hostname: '', port: '', socketType: '', username: '', authentication: [] };
      (tag.name === 'incomingServer' ? doc.incoming : doc.outgoing).push(server);
    }
  });
  parser.on('text', (chunk) => {
    text += chunk;
    if (text.length > MAX_TEXT) fail('one of its values is too long');
  });
  parser.on('closetag', (tag) => {
    const parent = stack.at(-2);
    const value = text.trim();
    if (server && (parent === 'incomingServer' || parent === 'outgoingServer') && SERVER_FIELDS.has(tag.name)) {
      if (tag.name === 'authentication') server.authentication.push(value);
      else server[tag.name as Exclude<keyof AutoconfigServer, 'authentication' | 'type'>] = value;
    }
    if (parent === 'emailProvider' && tag.name === 'displayName' && doc.displayName === null) doc.displayName = value || null;
    if (tag.name === 'incomingServer' || tag.name === 'outgoingServer') server = null;
    stack.pop();
    text = '';
  });

  try {
    parser.write(xml).close();
  } catch (error) {
    throw error instanceof AutoconfigError ? error : new AutoconfigError(failure ?? 'it could not be read');
  }
  if (failure) throw new AutoconfigError(failure);
  return doc;
}
