// What a user typed, read as search terms: words (`dinner`), prefixes (`purch*`), phrases (`"exact words"`),
// exclusions (`-friday`, `-"word pair"`), phone numbers in any format (`+1 (555) 010-2000`) and emails. Nothing here
// becomes SQL text: search.ts passes each term as a parameter. Reading is linear in the input and bounded: at most
// MAX_TERMS terms of at most MAX_TERM_LENGTH characters are kept, and what is left out is said in `warnings`.
import { isEmailLike, phoneQueryForms } from './identity.js';

/** Most terms one query keeps (each is a condition of the query); the rest are dropped with a warning. */
export const MAX_TERMS = 16;
/** Longest term kept (characters); a longer one is cut, with a warning. */
export const MAX_TERM_LENGTH = 128;

/** A word, possibly a prefix. `text` is as typed (it may hold inner punctuation: `o'brien`, `e-mail`). */
export interface WordTerm {
  kind: 'word';
  text: string;
  prefix: boolean;
}

/** Words that must follow each other. */
export interface PhraseTerm {
  kind: 'phrase';
  text: string;
}

/** A phone number; `digits` are the digit strings to look for among the stored handles (see identity.ts). */
export interface PhoneTerm {
  kind: 'phone';
  text: string;
  digits: string[];
}

/** An email address (lower-cased). */
export interface EmailTerm {
  kind: 'email';
  text: string;
}

export type QueryTerm = WordTerm | PhraseTerm | PhoneTerm | EmailTerm;

/** A query read into terms: every positive term must match; no excluded term may. */
export interface ParsedQuery {
  terms: QueryTerm[];
  excluded: Array<WordTerm | PhraseTerm>;
  warnings: string[];
}

// A run that looks like a phone number: an optional + or 00, then digits, spaces and ()-. ending on a digit.
const PHONE_RUN = /(?<![\p{L}\p{N}@.+-])(?:\+|\(|\b)[\d(][\d\s().-]{5,}\d(?![\p{L}\p{N}@])/uy;
const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;
// Control characters (NUL included) separate words; they never reach the database.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function cut(text: string, warnings: string[]): string {
  if (text.length <= MAX_TERM_LENGTH) return text;
  warnings.push(`a term of ${text.length} characters was cut to its first ${MAX_TERM_LENGTH}`);
  return text.slice(0, MAX_TERM_LENGTH);
}

/** Reads the user's text into terms. Never throws; a text of only operators or punctuation gives no terms. */
export function parseQuery(input: string): ParsedQuery {
  const warnings: string[] = [];
  const terms: QueryTerm[] = [];
  const excluded: Array<WordTerm | PhraseTerm> = [];
  let dropped = 0;
  const add = (term: QueryTerm, exclude: boolean) => {
    if (terms.length + excluded.length >= MAX_TERMS) {
      dropped += 1;
      return;
    }
    if (!exclude) terms.push(term);
    else if (term.kind === 'word' || term.kind === 'phrase') excluded.push(term);
  };

  const text = input.replace(CONTROL, ' ');
  let i = 0;
  while (i < text.length && terms.length + excluded.length < MAX_TERMS) {
    const c = text[i]!;
    if (/\s/u.test(c)) {
      i += 1;
      continue;
    }
    let exclude = false;
    let start = i;
    if (c === '-' && i + 1 < text.length && !/\s/u.test(text[i + 1]!)) {
      exclude = true;
      start = i + 1;
    }
    if (text[start] === '"') {
      const close = text.indexOf('"', start + 1);
      const end = close === -1 ? text.length : close;
      const phrase = text.slice(start + 1, end).trim();
      i = close === -1 ? text.length : close + 1;
      if (HAS_WORD_CHARACTER.test(phrase)) {
        const words = phrase.split(/\s+/u);
        const term: QueryTerm = words.length === 1 ? { kind: 'word', text: cut(words[0]!, warnings), prefix: false } : { kind: 'phrase', text: cut(phrase, warnings) };
        add(term, exclude);
      }
      continue;
    }
    if (!exclude) {
      PHONE_RUN.lastIndex = i;
      const phone = PHONE_RUN.exec(text);
      if (phone) {
        const raw = phone[0].trim();
        const digits = phoneQueryForms(raw);
        if (digits) {
          add({ kind: 'phone', text: raw, digits }, false);
          i += phone[0].length;
          continue;
        }
      }
    }
    let end = start;
    while (end < text.length && !/\s/u.test(text[end]!)) end += 1;
    let token = text.slice(start, end);
    i = end;
    let prefix = false;
    if (token.endsWith('*')) {
      token = token.replace(/\*+$/u, '');
      prefix = true;
    }
    token = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (!HAS_WORD_CHARACTER.test(token)) continue;
    if (!exclude && isEmailLike(token)) {
      add({ kind: 'email', text: cut(token.toLowerCase(), warnings) }, false);
      continue;
    }
    add({ kind: 'word', text: cut(token, warnings), prefix }, exclude);
  }
  if (dropped === 0 && i < text.length && HAS_WORD_CHARACTER.test(text.slice(i))) dropped += 1;
  if (dropped > 0) warnings.push(`the query has more than ${MAX_TERMS} terms; only the first ${MAX_TERMS} were used`);
  return { terms, excluded, warnings };
}
