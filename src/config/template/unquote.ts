/** Go's `strconv.Unquote` for the three literal forms: "double", `raw` and 'c'. */

const SIMPLE: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** The literal's value, or undefined when Go would report `invalid syntax`. */
export function unquoteGo(literal: string): string | undefined {
  if (literal.length < 2) return undefined;
  const quote = literal[0];
  if (literal[literal.length - 1] !== quote) return undefined;
  const body = literal.slice(1, -1);
  if (quote === '`') return body.includes('`') ? undefined : body.replace(/\r/g, '');
  if (quote !== '"' && quote !== "'") return undefined;
  let out = '';
  for (let i = 0; i < body.length;) {
    const c = body[i] as string;
    if (c === quote || c === '\n') return undefined;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    if (e in SIMPLE) {
      out += SIMPLE[e];
      i += 2;
    } else if (e === quote) {
      out += e;
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return undefined;
      const cp = parseInt(hex, 16);
      if (e === 'x') {
        // A byte: only meaningful on its own for ASCII in a JS string.
        if (cp > 0x7f) return undefined;
        out += String.fromCharCode(cp);
      } else {
        if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return undefined;
        out += String.fromCodePoint(cp);
      }
      i += 2 + n;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const v = parseInt(oct, 8);
      if (v > 0x7f) return undefined;
      out += String.fromCharCode(v);
      i += 4;
    } else {
      return undefined;
    }
  }
  if (quote === "'" && [...out].length !== 1) return undefined;
  return out;
}
