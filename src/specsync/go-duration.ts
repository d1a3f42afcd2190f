/** Go's `time.ParseDuration` grammar, for checking `@default` values of Duration fields. */

const GO_DURATION_RE = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;

/** True for `0`, `300ms`, `-1.5h`, `2h45m`; false for `5`, `1d`, `""`. */
export function isGoDuration(text: string): boolean {
  return text === '0' || /^[-+]0$/.test(text) || GO_DURATION_RE.test(text);
}
