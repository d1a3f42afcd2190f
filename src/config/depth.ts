/**
 * One nesting limit for every decoder of input that Packer (or a template) hands the plugin:
 * net/rpc msgpack values, HCL2 cty-JSON payloads, JSON-template maps, gob values and template
 * parentheses. Deeper input is refused with a {@link DepthLimitError} before it can exhaust the
 * call stack or memory.
 *
 * The limit is ugorji/go/codec's `decDefMaxDepth` (1024, "maximum decoding depth exceeded"), the
 * msgpack codec Packer's own net/rpc uses. Go's encoding/json (`maxNestingDepth`) and
 * text/template (`maxStackDepth`) allow 10,000; a builder configuration is never near either.
 */

/** Deepest nesting accepted (containers inside containers; the outermost value is depth 1). */
export const MAX_DECODE_DEPTH = 1024;

/** Input nested deeper than {@link MAX_DECODE_DEPTH}; `what` names the decoder (`msgpack`, `cty JSON`, …). */
export class DepthLimitError extends Error {
  constructor(
    readonly what: string,
    readonly limit: number = MAX_DECODE_DEPTH,
  ) {
    super(`${what}: maximum decoding depth exceeded (more than ${limit} nested levels)`);
    this.name = 'DepthLimitError';
  }
}

/**
 * Checks the nesting of JSON text without parsing it: brackets outside strings, O(n), no
 * allocation. Throws {@link DepthLimitError} past `limit`; malformed JSON is left for JSON.parse.
 */
export function checkJsonDepth(text: string, what: string, limit: number = MAX_DECODE_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) throw new DepthLimitError(what, limit);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/**
 * Checks the nesting of an already decoded value (objects and arrays), iteratively. Throws
 * {@link DepthLimitError} past `limit`.
 */
export function checkValueDepth(value: unknown, what: string, limit: number = MAX_DECODE_DEPTH): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof Date) continue;
    if (depth > limit) throw new DepthLimitError(what, limit);
    const children = v instanceof Map ? [...v.values()] : Array.isArray(v) ? v : Object.values(v);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
}
