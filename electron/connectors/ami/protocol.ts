/**
 * The Asterisk Manager Interface on the wire: after a one-line banner
 * (`Asterisk Call Manager/5.0.1`), messages both ways are `Key: Value` lines ended by an
 * empty line, in CRLF.
 */

/** One AMI message (a response or an event), by key as Asterisk spells it. */
export type AmiMessage = Readonly<Record<string, string>>;

/** A message a connection may not grow past (a peer sending no empty line is not Asterisk). */
const MAX_MESSAGE_CHARS = 64 * 1024;

/** Cuts the byte stream into the banner (what the manager says first; none from a client) and then messages. */
export class AmiReader {
  private buffer = '';
  private banner: string | null;

  constructor(
    private readonly onMessage: (message: AmiMessage) => void,
    private readonly onBanner?: (banner: string) => void,
  ) {
    this.banner = onBanner ? null : '';
  }

  /** Takes the next chunk; throws when the peer does not speak AMI. */
  push(chunk: string): void {
    this.buffer += chunk;
    if (this.banner === null) {
      const end = this.buffer.indexOf('\n');
      if (end < 0) return this.guard();
      this.banner = this.buffer.slice(0, end).trim();
      this.buffer = this.buffer.slice(end + 1);
      if (!this.banner.startsWith('Asterisk Call Manager')) throw new Error(`it did not greet as an Asterisk Call Manager ("${this.banner.slice(0, 60)}")`);
      this.onBanner?.(this.banner);
    }
    for (let end = blockEnd(this.buffer); end; end = blockEnd(this.buffer)) {
      const block = this.buffer.slice(0, end.at);
      this.buffer = this.buffer.slice(end.at + end.length);
      const message = parseBlock(block);
      if (Object.keys(message).length) this.onMessage(message);
    }
    this.guard();
  }

  private guard(): void {
    if (this.buffer.length > MAX_MESSAGE_CHARS) throw new Error('it sent a message too long to be AMI');
  }
}

function blockEnd(buffer: string): { at: number; length: number } | null {
  const match = /\r?\n\r?\n/.exec(buffer);
  return match ? { at: match.index, length: match[0].length } : null;
}

function parseBlock(block: string): AmiMessage {
  const message: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) message[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return message;
}

/** An action as AMI takes it; values lose any line break (one could smuggle in another key). */
export function formatAction(fields: AmiMessage): string {
  return Object.entries(fields).map(([key, value]) => `${key}: ${value.replace(/[\r\n]+/g, ' ')}\r\n`).join('') + '\r\n';
}
