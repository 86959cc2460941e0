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

const BLOCK = /^(div|p|h[1-6]|ul|ol|table|tr|blockquote|pre|section|article|header|footer)$/i;

/** The text a reader sees in an HTML note body. */
export function htmlToText(html: string): string {
  // Line breaks in the source are white space in HTML; the tags below decide where lines break.
  const withoutHidden = html
    .replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/[ \t]*\r?\n[ \t]*/g, ' ');
  const text = withoutHidden.replace(/<\s*(\/)?\s*([a-z0-9]+)[^>]*>/gi, (_tag, closing: string | undefined, tag: string) => {
    const lower = tag.toLowerCase();
    if (lower === 'br') return '\n';
    if (lower === 'li') return closing ? '\n' : '- ';
    if (lower === 'td' || lower === 'th') return closing ? '\t' : '';
    return BLOCK.test(lower) ? '\n' : '';
  });
  return decodeEntities(text)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
