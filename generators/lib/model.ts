/**
 * The generator's answer model: what a plugin is made of (name, config fields, generated data,
 * steps, …) after prompts, flags, the answers file and `.yo-rc.json` were merged.
 */

/** Scalar field types. `int` is a TS `number` tagged `@integer`; `duration` is the SDK's `Duration`. */
export type ScalarType = 'string' | 'number' | 'int' | 'bool' | 'duration';

export const SCALAR_TYPES: readonly ScalarType[] = ['string', 'number', 'int', 'bool', 'duration'];

/** Element types lists and maps may hold (regenerate-spec refuses enums/durations inside them). */
export type ElementType = 'string' | 'number' | 'bool';

export const ELEMENT_TYPES: readonly ElementType[] = ['string', 'number', 'bool'];

/** A config field's type. */
export type FieldType =
  | { readonly kind: 'scalar'; readonly scalar: ScalarType }
  | { readonly kind: 'enum'; readonly choices: readonly string[] }
  | { readonly kind: 'list'; readonly element: ElementType }
  | { readonly kind: 'map'; readonly element: ElementType }
  | { readonly kind: 'block'; readonly fields: readonly Field[] }
  | {
      readonly kind: 'blockList';
      readonly fields: readonly Field[];
      /** Minimum number of blocks (0 = none needed). */
      readonly minItems: number;
      /** Maximum number of blocks (0 = unlimited). */
      readonly maxItems: number;
    };

/** A JSON value (defaults, answers). */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/** One config field of the plugin's `Config`. */
export interface Field {
  /** The HCL name (snake_case); the TS property is its camelCase. */
  readonly name: string;
  readonly type: FieldType;
  /** Required attribute / required block (for a block list: `minItems ≥ 1`). */
  readonly required: boolean;
  /** Default value, already checked against `type`. */
  readonly default?: JsonValue;
  readonly description?: string;
  readonly sensitive?: boolean;
  /** Deprecation message. */
  readonly deprecated?: string;
}

/** The communicator the generated builder hands to provisioners. */
export type CommunicatorKind = 'none' | 'local' | 'ssh' | 'custom';

/**
 * `ssh`: Config extends the SDK's CommunicatorConfig (Packer's ssh_* settings) and StepConnect
 * connects to `ssh_host` before provisioning, like Go's null builder. `custom`: a Communicator
 * class of the plugin's own (src/communicator.ts, like Go's docker builder) hands to StepProvision.
 */
export const COMMUNICATORS: readonly CommunicatorKind[] = ['none', 'local', 'ssh', 'custom'];

/**
 * The shape of the plugin beyond its own fields. `none`: a plain builder. `vm` (issue 13): a
 * virtual-machine builder whose Config extends the SDK's VM configs (ISO, HTTP, boot, shutdown,
 * output directory) and CommunicatorConfig, with the steps download → output dir → HTTP server →
 * the plugin's own steps (create the machine) → boot command (typed through src/driver.ts) →
 * connect → provision → shutdown. `vm` needs the ssh communicator (and implies it).
 */
export type KitKind = 'none' | 'vm';

export const KITS: readonly KitKind[] = ['none', 'vm'];

/** Everything the app generator needs to write a plugin. */
export interface Answers {
  /** Builder name: the Packer type and `packer-plugin-NAME`. */
  readonly name: string;
  readonly description: string;
  /** Organisation: BuilderId `<org>.<name>`. */
  readonly org: string;
  /** `package.json` author. */
  readonly author: string;
  /** SPDX license id. */
  readonly license: string;
  readonly communicator: CommunicatorKind;
  /** The plugin's shape (`--kit`): `none` or `vm`. */
  readonly kit: KitKind;
  readonly fields: readonly Field[];
  /** Generated-data names (PascalCase). */
  readonly generated: readonly string[];
  /** Step names (kebab-case), in run order. */
  readonly steps: readonly string[];
  /** Run `git init` in the new project. */
  readonly git: boolean;
  /** Run `npm install` in the new project. */
  readonly install: boolean;
  /** How the project depends on generator-packer-builder (`^0.1.0`, `file:…`, a `.tgz` path). */
  readonly sdk: string;
}
