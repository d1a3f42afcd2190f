/**
 * Tokenizer for the Go text/template subset Packer JSON templates use (`{{ user `x` | upper }}`),
 * following Go's text/template/parse/lex.go: `{{- ` / ` -}}` trim markers, `/* *\/` comments,
 * double-quoted and raw strings, character constants, numbers, identifiers, fields, pipes, parens.
 */
import { MAX_DECODE_DEPTH } from '../depth.js';
import { goQuote } from '../gostrconv.js';

export type TokenKind =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'identifier'
  | 'keyword'
  | 'bool'
  | 'nil'
  | 'dot'
  | 'field'
  | 'variable'
  | 'string'
  | 'rawString'
  | 'charConstant'
  | 'number'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'assign'
  | 'declare'
  | 'comma'
  | 'space'
  /** Any other printable ASCII character inside an action (Go's itemChar). */
  | 'char'
  /** A lexical error; `value` is Go's message. Always the last token. */
  | 'error'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The token's text as written (for text tokens: after trimming). */
  readonly value: string;
  /** Offset in the template (UTF-16 index). */
  readonly pos: number;
  /** 1-based line of the token's start. */
  readonly line: number;
}

const KEYWORDS = new Set([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'range',
  'template',
  'with',
]);
const SPACE = /[ \t\r\n]/;
const LEFT = '{{';
const RIGHT = '}}';

function isSpace(c: string | undefined): boolean {
  return c !== undefined && SPACE.test(c);
}

function isAlphaNumeric(c: string | undefined): boolean {
  return c !== undefined && (c === '_' || /[\p{L}\p{Nd}]/u.test(c));
}

class LexFailure {
  constructor(
    readonly message: string,
    readonly pos: number,
  ) {}
}

/**
 * Splits a template into tokens. A lexical error becomes a final `error` token, so that the
 * parser reports whatever it meets first, as Go's concurrent lexer and parser do.
 */
export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const newlines: number[] = [];
  for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n', i + 1)) newlines.push(i);
  /** 1 + the number of newlines before `p`. */
  const lineAt = (p: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((newlines[mid] as number) < p) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const fail = (message: string, at: number): never => {
    throw new LexFailure(message, at);
  };
  const emit = (kind: TokenKind, value: string, start: number): void => {
    tokens.push({ kind, value, pos: start, line: lineAt(start) });
  };

  try {
    lexAll();
  } catch (e) {
    if (!(e instanceof LexFailure)) throw e;
    emit('error', e.message, e.pos);
    return tokens;
  }
  tokens.push({
    kind: 'eof',
    value: '',
    pos: input.length,
    line: lineAt(input.length),
  });
  return tokens;

  /** Go's atTerminator: what may follow an identifier, field or variable. */
  function checkTerminator(p: number): void {
    const c = input[p];
    if (c === undefined || isSpace(c) || '.,|:()'.includes(c) || input.startsWith(RIGHT, p)) return;
    badCharacter(p);
  }

  function badCharacter(p: number): never {
    const c = String.fromCodePoint(input.codePointAt(p) as number);
    const cp = c.codePointAt(0) as number;
    return fail(`bad character U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${quoteRune(c)}`, p);
  }

  function lexAll(): void {
    while (pos < input.length) {
      const open = input.indexOf(LEFT, pos);
      if (open < 0) {
        emit('text', input.slice(pos), pos);
        pos = input.length;
        break;
      }
      let actionStart = open + LEFT.length;
      const trimLeft = input[actionStart] === '-' && isSpace(input[actionStart + 1]);
      let text = input.slice(pos, open);
      if (trimLeft) {
        text = text.replace(/[ \t\r\n]+$/, '');
        actionStart += 2;
      }
      if (text !== '') emit('text', text, pos);
      pos = actionStart;

      // Comment: {{/* ... */}} (with optional trim markers).
      let afterSpace = pos;
      if (trimLeft) while (isSpace(input[afterSpace])) afterSpace++;
      if (input.startsWith('/*', trimLeft ? afterSpace : pos)) {
        const commentStart = trimLeft ? afterSpace : pos;
        const end = input.indexOf('*/', commentStart + 2);
        if (end < 0) fail('unclosed comment', commentStart);
        let p = end + 2;
        let trimRight = false;
        if (isSpace(input[p]) && input[p + 1] === '-' && input.startsWith(RIGHT, p + 2)) {
          trimRight = true;
          p += 2;
        }
        if (!input.startsWith(RIGHT, p)) fail('comment ends before closing delimiter', commentStart);
        pos = p + RIGHT.length;
        if (trimRight) while (isSpace(input[pos])) pos++;
        continue;
      }

      emit('leftDelim', LEFT, open);
      let parenDepth = 0;
      // Inside the action.
      for (;;) {
        if (pos >= input.length) fail('unclosed action', pos);
        const c = input[pos] as string;
        // Right delimiter, with or without trim marker.
        if (isSpace(c)) {
          let p = pos;
          while (isSpace(input[p])) p++;
          if (input[p] === '-' && input.startsWith(RIGHT, p + 1)) {
            emit('rightDelim', RIGHT, p + 1);
            pos = p + 1 + RIGHT.length;
            while (isSpace(input[pos])) pos++;
            break;
          }
          emit('space', input.slice(pos, p), pos);
          pos = p;
          continue;
        }
        if (input.startsWith(RIGHT, pos)) {
          if (parenDepth > 0) fail('unclosed left paren', pos);
          emit('rightDelim', RIGHT, pos);
          pos += RIGHT.length;
          break;
        }
        const start = pos;
        if (c === '|') {
          emit('pipe', c, start);
          pos++;
        } else if (c === '(') {
          // Go's parser (text/template/parse maxStackDepth) has the same words; the limit is ours
          if (++parenDepth > MAX_DECODE_DEPTH) fail('max expression depth exceeded', start);
          emit('leftParen', c, start);
          pos++;
        } else if (c === ')') {
          parenDepth--;
          if (parenDepth < 0) fail('unexpected right paren', start);
          emit('rightParen', c, start);
          pos++;
        } else if (c === ',') {
          emit('comma', c, start);
          pos++;
        } else if (c === ':' && input[pos + 1] === '=') {
          emit('declare', ':=', start);
          pos += 2;
        } else if (c === '=') {
          emit('assign', c, start);
          pos++;
        } else if (c === '"') {
          let p = pos + 1;
          for (;;) {
            const d = input[p];
            if (d === undefined || d === '\n') fail('unterminated quoted string', start);
            if (d === '\\') {
              p += 2;
              continue;
            }
            p++;
            if (d === '"') break;
          }
          emit('string', input.slice(start, p), start);
          pos = p;
        } else if (c === '`') {
          const end = input.indexOf('`', pos + 1);
          if (end < 0) fail('unterminated raw quoted string', start);
          emit('rawString', input.slice(start, end + 1), start);
          pos = end + 1;
        } else if (c === "'") {
          let p = pos + 1;
          for (;;) {
            const d = input[p];
            if (d === undefined || d === '\n') fail('unterminated character constant', start);
            if (d === '\\') {
              p += 2;
              continue;
            }
            p++;
            if (d === "'") break;
          }
          emit('charConstant', input.slice(start, p), start);
          pos = p;
        } else if (c === '$') {
          let p = pos + 1;
          while (isAlphaNumeric(input[p])) p++;
          checkTerminator(p);
          emit('variable', input.slice(start, p), start);
          pos = p;
        } else if (c === '.' && !(input[pos + 1] !== undefined && /[0-9]/.test(input[pos + 1] as string))) {
          let p = pos + 1;
          while (isAlphaNumeric(input[p])) p++;
          checkTerminator(p);
          emit(p === pos + 1 ? 'dot' : 'field', input.slice(start, p), start);
          pos = p;
        } else if (c === '+' || c === '-' || c === '.' || (c >= '0' && c <= '9')) {
          const p = scanNumber(input, pos);
          const text = input.slice(start, p);
          if (isAlphaNumeric(input[p])) {
            let q = p;
            while (isAlphaNumeric(input[q])) q++;
            fail(`bad number syntax: ${goQuote(input.slice(start, q))}`, start);
          }
          emit('number', text, start);
          pos = p;
        } else if (isAlphaNumeric(c)) {
          let p = pos;
          while (isAlphaNumeric(input[p])) p++;
          const word = input.slice(start, p);
          checkTerminator(p);
          if (KEYWORDS.has(word)) emit('keyword', word, start);
          else if (word === 'true' || word === 'false') emit('bool', word, start);
          else if (word === 'nil') emit('nil', word, start);
          else emit('identifier', word, start);
          pos = p;
        } else if (c >= '!' && c <= '~') {
          emit('char', c, start);
          pos++;
        } else {
          badCharacter(start);
        }
      }
    }
  }
}

/** Go's lexer scanNumber: sign, base prefix, digits, fraction, exponent, imaginary `i`. */
function scanNumber(input: string, start: number): number {
  let p = start;
  const accept = (chars: string): boolean => {
    const c = input[p];
    if (c !== undefined && chars.includes(c)) {
      p++;
      return true;
    }
    return false;
  };
  const acceptRun = (chars: string): void => {
    while (accept(chars));
  };
  accept('+-');
  let digits = '0123456789_';
  if (accept('0')) {
    if (accept('xX')) digits = '0123456789abcdefABCDEF_';
    else if (accept('oO')) digits = '01234567_';
    else if (accept('bB')) digits = '01_';
  }
  acceptRun(digits);
  if (accept('.')) acceptRun(digits);
  if (digits.length === 11 && accept('eE')) {
    accept('+-');
    acceptRun('0123456789_');
  }
  if (digits.length === 23 && accept('pP')) {
    accept('+-');
    acceptRun('0123456789_');
  }
  accept('i');
  return p;
}

function quoteRune(c: string): string {
  return c === "'" ? "'\\''" : `'${c}'`;
}
