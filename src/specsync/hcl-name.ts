/** HCL attribute/block names derived from TypeScript property names. */

/** Names HCL accepts for attributes and blocks (snake_case is the convention). */
export const HCL_NAME_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * The snake_case HCL name of a TS property: `sshTimeout` → `ssh_timeout`,
 * `diskSizeGB` → `disk_size_gb`, `HTTPServer` → `http_server`, `http2Port` → `http2_port`,
 * `disk-size` → `disk_size`.
 */
export function hclNameOf(property: string): string {
  return property
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s.]+/g, '_')
    .toLowerCase();
}
