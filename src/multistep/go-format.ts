/**
 * Go's `%q` / `%#v` of a string (strconv.Quote): double quotes, Go escapes for `\a \b \f \n \r
 * \t \v \\ \"`, `\xNN` for other control bytes and `\u`/`\U` for non-printable code points.
 * Used to print step names and answers exactly as Packer does.
 */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) {
      out += `\\x${cp.toString(16).padStart(2, '0')}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      out += '\\ufffd'; // a lone surrogate is invalid UTF-8 in Go and prints as U+FFFD
    } else if (/[\p{C}\p{Z}]/u.test(ch) && ch !== ' ') {
      out +=
        cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

/** The text Go's `fmt.Sprintf("%s", err)` prints for a thrown value. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A thrown value as an Error (non-Error values are wrapped, their text kept). */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
