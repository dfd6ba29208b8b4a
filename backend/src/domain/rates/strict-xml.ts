/**
 * A deliberately small XML reader for documents like the ECB reference-rate files: elements,
 * attributes, text and comments, in UTF-8. Everything that makes XML parsers dangerous or
 * surprising is refused instead of supported: DOCTYPE (so no DTD, no external or recursive
 * entities), CDATA, processing instructions other than the leading declaration, and entity
 * references other than the five predefined ones. Sizes are bounded so a hostile body cannot
 * make it work hard.
 */

export interface XmlElement {
  /** Qualified name as written, e.g. `gesmes:Envelope`, `Cube`. */
  name: string;
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside the element (entity references decoded). */
  text: string;
}

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

const MAX_CHARS = 1_000_000;
const MAX_DEPTH = 16;
const MAX_ELEMENTS = 5_000;

const DECLARATION =
  /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]\1(?:\s+encoding\s*=\s*(["'])([A-Za-z0-9._-]+)\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\4)?\s*\?>/;
const NAME = /^[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?/;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Parses a whole document and returns its root element; throws XmlError on anything else. */
export function parseStrictXml(input: string): XmlElement {
  if (input.length > MAX_CHARS) throw new XmlError(`document is larger than ${MAX_CHARS} characters`);
  let pos = input.startsWith('\ufeff') ? 1 : 0;
  const declaration = DECLARATION.exec(input.slice(pos));
  if (declaration) {
    const encoding = declaration[3];
    if (encoding && !/^utf-?8$/i.test(encoding)) throw new XmlError(`encoding '${encoding}' is not supported`);
    pos += declaration[0].length;
  }

  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;

  while (pos < input.length) {
    const lt = input.indexOf('<', pos);
    const text = input.slice(pos, lt === -1 ? input.length : lt);
    if (text) {
      if (stack.length === 0) {
        if (text.trim()) throw new XmlError('text outside the root element');
      } else {
        stack[stack.length - 1].text += decodeText(text);
      }
    }
    if (lt === -1) break;
    pos = lt;

    if (input.startsWith('<!--', pos)) {
      const end = input.indexOf('-->', pos + 4);
      if (end === -1) throw new XmlError('unterminated comment');
      pos = end + 3;
      continue;
    }
    if (input.startsWith('<!', pos)) throw new XmlError('DOCTYPE, entity declarations and CDATA are not accepted');
    if (input.startsWith('<?', pos)) throw new XmlError('processing instructions are not accepted');

    if (input.startsWith('</', pos)) {
      const name = NAME.exec(input.slice(pos + 2))?.[0];
      const open = stack.pop();
      if (!name || !open || open.name !== name) throw new XmlError(`unexpected closing tag at offset ${pos}`);
      pos += 2 + name.length;
      pos = skipSpace(input, pos);
      if (input[pos] !== '>') throw new XmlError(`malformed closing tag </${name}>`);
      pos += 1;
      continue;
    }

    const name = NAME.exec(input.slice(pos + 1))?.[0];
    if (!name) throw new XmlError(`malformed tag at offset ${pos}`);
    if (stack.length === 0 && root) throw new XmlError('more than one root element');
    elements += 1;
    if (elements > MAX_ELEMENTS) throw new XmlError(`more than ${MAX_ELEMENTS} elements`);
    const element: XmlElement = { name, attributes: new Map(), children: [], text: '' };
    pos = readAttributes(input, pos + 1 + name.length, element.attributes as Map<string, string>);
    if (stack.length) stack[stack.length - 1].children.push(element);
    else root = element;
    if (input.startsWith('/>', pos)) {
      pos += 2;
    } else if (input[pos] === '>') {
      pos += 1;
      stack.push(element);
      if (stack.length > MAX_DEPTH) throw new XmlError(`elements nested deeper than ${MAX_DEPTH}`);
    } else {
      throw new XmlError(`malformed tag <${name}>`);
    }
  }
  if (stack.length) throw new XmlError(`element <${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw new XmlError('no root element');
  return root;
}

/** Reads ` name="value"` pairs up to (not including) `>` or `/>`; returns the position there. */
function readAttributes(input: string, start: number, into: Map<string, string>): number {
  let pos = start;
  for (;;) {
    const before = pos;
    pos = skipSpace(input, pos);
    if (input[pos] === '>' || input.startsWith('/>', pos)) return pos;
    if (pos === before) throw new XmlError(`expected a space before an attribute at offset ${pos}`);
    const name = NAME.exec(input.slice(pos))?.[0];
    if (!name) throw new XmlError(`malformed attribute at offset ${pos}`);
    pos = skipSpace(input, pos + name.length);
    if (input[pos] !== '=') throw new XmlError(`attribute ${name} has no value`);
    pos = skipSpace(input, pos + 1);
    const quote = input[pos];
    if (quote !== '"' && quote !== "'") throw new XmlError(`attribute ${name} is not quoted`);
    const end = input.indexOf(quote, pos + 1);
    if (end === -1) throw new XmlError(`attribute ${name} is not terminated`);
    const raw = input.slice(pos + 1, end);
    if (raw.includes('<')) throw new XmlError(`attribute ${name} contains '<'`);
    if (into.has(name)) throw new XmlError(`attribute ${name} appears twice`);
    into.set(name, decodeText(raw));
    pos = end + 1;
  }
}

function skipSpace(input: string, pos: number): number {
  while (pos < input.length && /\s/.test(input[pos])) pos += 1;
  return pos;
}

/** Decodes the five predefined entities and character references; refuses any other `&`. */
function decodeText(raw: string): string {
  if (raw.includes('>') && raw.includes(']]>')) throw new XmlError("']]>' is not allowed in text");
  return raw.replace(/&([^;&\s]{0,10});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlError(`bare '&' in text`);
    if (PREDEFINED[ref] !== undefined) return PREDEFINED[ref];
    const code = /^#x([0-9A-Fa-f]{1,6})$/.exec(ref)?.[1] ?? /^#([0-9]{1,7})$/.exec(ref)?.[1];
    if (code !== undefined) {
      const point = ref.startsWith('#x') ? parseInt(code, 16) : parseInt(code, 10);
      if (point > 0x10ffff || point === 0) throw new XmlError(`invalid character reference &${ref};`);
      return String.fromCodePoint(point);
    }
    throw new XmlError(`entity &${ref}; is not accepted (only the predefined ones are)`);
  });
}
