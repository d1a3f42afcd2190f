/** Go's `%q` of a string (strconv.Quote): how Packer prints step names and answers. */
export { goQuote } from '../config/gostrconv.js';

/** The text Go's `fmt.Sprintf("%s", err)` prints for a thrown value. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A thrown value as an Error (non-Error values are wrapped, their text kept). */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
