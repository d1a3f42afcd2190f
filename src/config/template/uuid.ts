/** Packer's `{{uuid}}`: a time-ordered UUID (32-bit Unix time, then 96 random bits). */

/** `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, the first 8 hex digits being the Unix time. */
export function timeOrderedUuid(now: Date = new Date()): string {
  const unix = (Math.floor(now.getTime() / 1000) >>> 0).toString(16).padStart(8, '0');
  // Web Crypto's global: node:crypto is loaded only when a template asks for a uuid.
  const r = Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('hex');
  return `${unix}-${r.slice(0, 4)}-${r.slice(4, 8)}-${r.slice(8, 12)}-${r.slice(12, 24)}`;
}
