// Plain text of the HTML bodies of legacy notes (notes.sqlite, iOS 8 and earlier): block elements and <br> become
// line breaks, list items get a dash, every other tag is dropped, and character references are decoded.

const NAMED: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™',
  euro: '€', pound: '£', yen: '¥', cent: '¢', deg: '°', times: '×', divide: '÷', laquo: '«', raquo: '»', shy: '',
  agrave: 'à', aacute: 'á', acirc: 'â', auml: 'ä', atilde: 'ã', aring: 'å', ccedil: 'ç', egrave: 'è', eacute: 'é',
  ecirc: 'ê', euml: 'ë', igrave: 'ì', iacute: 'í', icirc: 'î', iuml: 'ï', ntilde: 'ñ', ograve: 'ò', oacute: 'ó',
  ocirc: 'ô', ouml: 'ö', otilde: 'õ', oslash: 'ø', ugrave: 'ù', uacute: 'ú', ucirc: 'û', uuml: 'ü', szlig: 'ß',
  Agrave: 'À', Aacute: 'Á', Auml: 'Ä', Eacute: 'É', Ouml: 'Ö', Uuml: 'Ü', Ntilde: 'Ñ', Ccedil: 'Ç',
};

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[entity] ?? whole;
  });
}

const BLOCK = new Set(['div', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'tr', 'blockquote', 'pre', 'section', 'article', 'header', 'footer']);
/** Elements whose content is not shown. */
const HIDDEN = new Set(['script', 'style', 'head', 'title']);
/**
 * A tag at `lastIndex` (sticky): `<`, an optional `/`, a whole name (the lookahead forbids trying shorter ones),
 * anything but angle brackets, `>`. Each attempt is linear in the tag's length, whatever the input.
 */
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)(?![a-zA-Z0-9])[^<>]*>/y;
/** Whether text holds markup or a character reference (else it is plain text, its line breaks kept). */
const MARKUP = /<\/?[a-zA-Z][^<>]*>|&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/;

/** Whether a legacy body is HTML (the usual case) rather than plain text. */
export function looksLikeHtml(value: string): boolean {
  return MARKUP.test(value);
}

/** The index just past the closing tag of a hidden element opened before `from` (or the end of the input). */
function skipHidden(html: string, lower: string, tag: string, from: number): number {
  const close = lower.indexOf(`</${tag}`, from);
  if (close < 0) return html.length;
  const end = html.indexOf('>', close);
  return end < 0 ? html.length : end + 1;
}

/**
 * The text a reader sees in an HTML note body: a block element starts a new line (once: `<div>a</div><div>b</div>`
 * is two lines, not three), `<br>` breaks a line (`<div><br></div>` is one blank line), list items get a dash,
 * table cells a tab, hidden elements and comments go, other tags are dropped, character references are decoded.
 * Line breaks in the source are white space, as in HTML.
 */
export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  const newLine = (): void => {
    if (out !== '' && !out.endsWith('\n')) out += '\n';
  };
  const text = (from: number, to: number): void => {
    if (to > from) out += decodeEntities(html.slice(from, to).replace(/[ \t]*\r?\n[ \t]*/g, ' '));
  };
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open < 0) {
      text(at, html.length);
      break;
    }
    text(at, open);
    if (html.startsWith('<!--', open)) {
      const end = html.indexOf('-->', open + 4);
      at = end < 0 ? html.length : end + 3;
      continue;
    }
    TAG.lastIndex = open;
    const match = TAG.exec(html);
    if (!match) {
      out += '<';
      at = open + 1;
      continue;
    }
    at = open + match[0].length;
    const closing = match[1] === '/';
    const tag = match[2]!.toLowerCase();
    if (!closing && HIDDEN.has(tag)) {
      at = skipHidden(html, lower, tag, at);
    } else if (tag === 'br') {
      out += '\n';
    } else if (tag === 'li') {
      newLine();
      if (!closing) out += '- ';
    } else if (tag === 'td' || tag === 'th') {
      if (closing) out += '\t';
    } else if (BLOCK.has(tag)) {
      newLine();
    }
  }
  return out
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
