import { SaxesParser } from 'saxes';
import { SheetReadError } from './sheetReadError';
import { unreadable } from './xlsxZip';

/** What a part's reader does with the XML, by local names (prefixes such as `x:` dropped). */
export interface XmlHandlers {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

/** Deepest nesting of elements accepted (a worksheet nests about 7 deep). */
const MAX_DEPTH = 64;
/** Characters fed to the parser at a time, so that the guard looks often enough. */
const PIECE = 64 * 1024;

const localName = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/**
 * An XML parser (saxes) with bounds on what it may hold: at most `maxPending` characters may pass
 * without the parser reaching the end of a tag or of a text (so one huge text, attribute, comment or
 * tag is refused while it streams, not after it was buffered), and at most 64 levels of nesting.
 * Throws a {@link SheetReadError} (UNREADABLE) for XML that is not well formed.
 */
export class GuardedXml {
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private mark = 0;
  private depth = 0;

  /**
   * `part` names the zip entry in messages; `tooLong` returns the error thrown when `maxPending`
   * characters pass without an event.
   */
  constructor(
    private readonly part: string,
    handlers: XmlHandlers,
    private readonly maxPending: number,
    private readonly tooLong: () => Error,
  ) {
    const p = this.parser;
    p.on('opentag', (node) => {
      this.mark = p.position;
      this.depth += 1;
      if (this.depth > MAX_DEPTH) throw unreadable(`${part} 的元素嵌套超过 ${MAX_DEPTH} 层`, `${part} nests elements more than ${MAX_DEPTH} deep`);
      handlers.open(localName(node.name), node.attributes as Record<string, string>);
    });
    p.on('closetag', (node) => {
      this.mark = p.position;
      this.depth -= 1;
      handlers.close(localName(node.name));
    });
    p.on('text', (text) => {
      this.mark = p.position;
      handlers.text(text);
    });
    p.on('cdata', (text) => {
      this.mark = p.position;
      handlers.text(text);
    });
    const moved = () => {
      this.mark = p.position;
    };
    p.on('comment', moved);
    p.on('processinginstruction', moved);
    p.on('doctype', moved);
    p.on('xmldecl', moved);
  }

  /** Feeds text; throws as the handlers do, or when the XML is malformed or a bound is passed. */
  write(text: string): void {
    for (let i = 0; i < text.length; i += PIECE) {
      this.feed(i === 0 && text.length <= PIECE ? text : text.slice(i, i + PIECE));
      if (this.parser.position - this.mark > this.maxPending) throw this.tooLong();
    }
  }

  /** Ends the document; throws when it is incomplete. */
  end(): void {
    this.feed(null);
  }

  private feed(text: string | null): void {
    try {
      if (text === null) this.parser.close();
      else this.parser.write(text);
    } catch (err) {
      if (err instanceof SheetReadError) throw err;
      const message = (err as Error).message;
      throw unreadable(`${this.part} 不是有效的 XML（${message}）`, `${this.part} is not well-formed XML (${message})`);
    }
  }
}
