/**
 * Name rules and case conversions shared by the generators: builder names, HCL field names,
 * generated-data names, step names, and the reserved words they must avoid.
 */

/** `region_name` → `regionName`. */
export function camelCase(snake: string): string {
  return snake.replace(/[_-]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `region_name` / `create-vm` → `RegionName` / `CreateVm`. */
export function pascalCase(name: string): string {
  const camel = camelCase(name);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

/** `RegionName` / `regionName` → `region_name`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}

/** Builder names: lower-case words joined by `-` (the Packer type, `packer-builder-NAME`). */
export const BUILDER_NAME_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** Organisation names: as builder names (the first half of the BuilderId `<org>.<name>`). */
export const ORG_NAME_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** HCL field names: snake_case. */
export const FIELD_NAME_RE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/** Generated-data names: PascalCase identifiers (`${build.ImageId}`). */
export const GENERATED_NAME_RE = /^[A-Z][A-Za-z0-9]*$/;
/** Step names: kebab-case (`src/steps/<name>.ts`). */
export const STEP_NAME_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Words that cannot name a variable in TypeScript/JavaScript module code (ES reserved words,
 * strict-mode words) plus names that break plain objects.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  // ECMAScript reserved words
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try',
  'typeof', 'var', 'void', 'while', 'with',
  // strict mode and module code
  'implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static',
  'yield', 'await', 'arguments', 'eval', 'undefined',
  // object pitfalls
  'constructor', 'prototype', '__proto__', 'toString', 'valueOf', 'hasOwnProperty',
]);

/** Keys Packer JSON templates keep for themselves in a builder object. */
export const PACKER_TEMPLATE_KEYS: ReadonlySet<string> = new Set(['type', 'name']);

/**
 * Build variables Packer itself always provides (protocol spec §8.3); a builder declaring one
 * of them would shadow Packer's value.
 */
export const PACKER_BUILTIN_GENERATED: ReadonlySet<string> = new Set([
  'ID', 'Host', 'Port', 'User', 'Password', 'ConnType', 'PackerRunUUID', 'PackerHTTPPort',
  'PackerHTTPIP', 'PackerHTTPAddr', 'SSHPublicKey', 'SSHPrivateKey', 'SSHPrivateKeyFile',
  'SSHAgentAuth', 'WinRMPassword',
]);

/**
 * Builders built into the supported Packers, by name → the versions that have it. A plugin
 * builder of the same name loses to the built-in one (Packer ≥ 1.11 runs its own `file`/`null`
 * even with `required_plugins`). Sources: Packer v1.6.6 `command/plugin.go` (`Builders`),
 * v1.11.2 and v1.16.0 `command/execute.go` (`Builders`: file, null).
 */
export const PACKER_BUILTIN_BUILDERS: ReadonlyMap<string, string> = new Map([
  ...['file', 'null'].map((n) => [n, 'Packer 1.6.6, 1.11.2 and 1.16.0'] as const),
  ...[
    'alicloud-ecs', 'amazon-chroot', 'amazon-ebs', 'amazon-ebssurrogate', 'amazon-ebsvolume',
    'amazon-instance', 'azure-arm', 'azure-chroot', 'azure-dtl', 'cloudstack', 'digitalocean',
    'docker', 'googlecompute', 'hcloud', 'hyperone', 'hyperv-iso', 'hyperv-vmcx', 'jdcloud',
    'linode', 'lxc', 'lxd', 'ncloud', 'oneandone', 'openstack', 'oracle-classic', 'oracle-oci',
    'osc-bsu', 'osc-bsusurrogate', 'osc-bsuvolume', 'osc-chroot', 'parallels-iso',
    'parallels-pvm', 'profitbricks', 'proxmox', 'proxmox-clone', 'proxmox-iso', 'qemu',
    'scaleway', 'tencentcloud-cvm', 'triton', 'ucloud-uhost', 'vagrant', 'virtualbox-iso',
    'virtualbox-ovf', 'virtualbox-vm', 'vmware-iso', 'vmware-vmx', 'vsphere-clone', 'vsphere-iso',
    'yandex',
  ].map((n) => [n, 'Packer 1.6.6'] as const),
]);

/**
 * Field names HCL or Packer take for themselves inside a `source` block, with the reason:
 * Packer expands every block named `dynamic` with HCL's dynblock extension (hcl2template's
 * parser), so a `dynamic { … }` block of the builder fails with "Missing type for dynamic" /
 * "All dynamic blocks must have 1 labels" (checked with `packer validate` on 1.6.6, 1.11.2 and
 * 1.16.0). Terraform's meta-arguments (`count`, `for_each`, `depends_on`, `lifecycle`,
 * `provider`) and words like `source`, `locals`, `build`, `var`, `data`, `null`, `for`, `if`
 * are plain names inside a Packer source block (validated the same way on all three). Top-level `name`/`type` are in
 * PACKER_TEMPLATE_KEYS.
 */
export const HCL_RESERVED_FIELD_NAMES: ReadonlyMap<string, string> = new Map([
  ['dynamic', 'Packer expands blocks named "dynamic" as HCL dynamic blocks, so the generated example would not validate'],
]);

/** The TypeScript class of a step (`disk-2` → `StepDisk2`). */
export function stepIdentifier(step: string): string {
  return `Step${pascalCase(step)}`;
}

/** Step names the generated builder already uses. */
export const RESERVED_STEP_NAMES: ReadonlySet<string> = new Set(['provision']);

/** A valid builder name derived from free text (`My Builder` → `my-builder`), or undefined. */
export function slugifyBuilderName(text: string): string | undefined {
  const slug = text
    .toLowerCase()
    .replace(/^packer-(?:plugin|builder)-/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[-0-9]+|-+$/g, '');
  return BUILDER_NAME_RE.test(slug) ? slug : undefined;
}
