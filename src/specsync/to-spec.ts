/**
 * Shapes → the SDK's HCL spec model (`spec.*` / `cty.*`, with FieldMeta), applying the field
 * rules: required unless `?` or `@default`; interfaces → blocks, arrays of interfaces →
 * repeatable blocks; snake_case HCL names unless `@hclName`; collisions and misplaced tags are
 * reported.
 */
import { cty, type CtyType } from '../hcl/cty.js';
import { spec, type AttrOptions, type FieldMeta, type Spec } from '../hcl/spec.js';
import { communicatorSpecEntries } from '../communicator/ssh/spec.js';
import { parseDefault } from './defaults.js';
import { hclNameOf } from './hcl-name.js';
import type { ProblemCollector } from './problems.js';
import { SDK_CONFIGS } from './sdk-configs.js';
import type { FieldShape, ObjectShape, Shape } from './shapes.js';

/** The config's spec entries (keyed by HCL name, in declaration order). */
export interface ConfigModel {
  /** The config extends PackerCommonConfig: the spec spreads `commonSpecEntries` first. */
  readonly includesCommon: boolean;
  /** SDK configs the config extends (`ISOConfig`, …): the spec spreads their entries after the common ones. */
  readonly sdkConfigs?: readonly string[];
  /** The config extends CommunicatorConfig: the spec spreads `communicatorSpecEntries` after the common ones. */
  readonly includesCommunicator?: boolean;
  readonly entries: Readonly<Record<string, Spec>>;
}

/** HCL names a top-level field may not take (Packer's JSON templates strip `name` and `type`). */
const RESERVED_TOP_LEVEL = new Set(['name', 'type']);

export class SpecBuilder {
  constructor(private readonly problems: ProblemCollector) {}

  /** The model of the root config object. */
  config(root: ObjectShape): ConfigModel {
    const sdkConfigs = this.sdkConfigs(root);
    return {
      includesCommon: root.common !== undefined,
      ...(sdkConfigs.length ? { sdkConfigs } : {}),
      ...(root.communicator ? { includesCommunicator: true } : {}),
      entries: this.entries(root, true, sdkConfigs),
    };
  }

  /** A nested object that extends CommunicatorConfig (only the config type itself may). */
  private refuseNestedCommunicator(obj: ObjectShape, path: string): void {
    if (obj.communicator) {
      this.problems.at(
        obj.communicator,
        path,
        'only the config type itself can extend CommunicatorConfig',
        'remove CommunicatorConfig from the nested type; the ssh_* settings are top-level',
      );
    }
  }

  /** The SDK configs of the root, checked for HCL names they share (VNCConfig already holds BootConfig). */
  private sdkConfigs(root: ObjectShape): string[] {
    const names: string[] = [];
    const owner = new Map<string, string>();
    for (const c of root.sdkConfigs ?? []) {
      const clash = Object.keys(SDK_CONFIGS[c.name]?.entries ?? {}).find((n) => owner.has(n));
      if (clash !== undefined) {
        this.problems.at(
          c.node,
          c.name,
          `\`${c.name}\` and \`${owner.get(clash) ?? ''}\` both declare "${clash}"`,
          c.name === 'BootConfig' || owner.get(clash) === 'BootConfig'
            ? 'VNCConfig already includes BootConfig: extend only VNCConfig'
            : 'extend only one of them',
        );
        continue;
      }
      for (const n of Object.keys(SDK_CONFIGS[c.name]?.entries ?? {})) owner.set(n, c.name);
      names.push(c.name);
    }
    return names;
  }

  private nestedSdkConfig(shape: ObjectShape, path: string): boolean {
    const c = shape.sdkConfigs?.[0];
    if (!c) return false;
    this.problems.at(c.node, path, `only the config type itself can extend ${c.name}`, `remove ${c.name} from the nested type; its fields are top-level`);
    return true;
  }

  private entries(obj: ObjectShape, top: boolean, sdkConfigs: readonly string[] = []): Record<string, Spec> {
    const out: Record<string, Spec> = {};
    const owner = new Map<string, FieldShape>();
    const sdkOwner = new Map<string, string>();
    for (const c of sdkConfigs) for (const n of Object.keys(SDK_CONFIGS[c]?.entries ?? {})) sdkOwner.set(n, c);
    for (const f of obj.fields) {
      const hclName = f.tags.hclName?.value ?? hclNameOf(f.property);
      const at = f.tags.hclName?.tag ?? f.signature;
      const fromSdk = sdkOwner.get(hclName);
      if (fromSdk !== undefined) {
        this.problems.at(
          at,
          f.path,
          `HCL name "${hclName}" is already declared by \`${fromSdk}\`, which the config extends`,
          'remove the property (the SDK config provides it) or rename it',
        );
        continue;
      }
      const before = owner.get(hclName);
      if (before) {
        this.problems.at(
          at,
          f.path,
          `HCL name "${hclName}" is also used by \`${before.property}\``,
          'rename one of them or give one an @hclName',
        );
        continue;
      }
      owner.set(hclName, f);
      if (top && obj.communicator && hclName in communicatorSpecEntries) {
        this.problems.at(
          at,
          f.path,
          `HCL name "${hclName}" is one of the communicator settings CommunicatorConfig brings`,
          'remove the property (it is inherited) or rename it / set @hclName',
        );
        continue;
      }
      if (top && hclName.startsWith('packer_')) {
        this.problems.at(
          at,
          f.path,
          `HCL name "${hclName}": the packer_ prefix is reserved for Packer's own fields`,
          obj.common
            ? 'rename the property or set @hclName'
            : 'extend PackerCommonConfig to receive the packer_* fields; rename this property',
        );
        continue;
      }
      if (top && RESERVED_TOP_LEVEL.has(hclName)) {
        this.problems.at(
          at,
          f.path,
          `HCL name "${hclName}" is reserved (Packer's JSON templates use it for the builder's own ${hclName})`,
          'rename the property or set @hclName',
        );
        continue;
      }
      const isBlock =
        f.shape?.kind === 'object' || (f.shape?.kind === 'list' && f.shape.element.kind === 'object');
      if (isBlock && hclName === 'dynamic') {
        this.problems.at(
          at,
          f.path,
          'a block named "dynamic" is taken by HCL: Packer expands `dynamic` blocks itself ("Missing type for dynamic")',
          'rename the property or set @hclName',
        );
        continue;
      }
      const s = this.field(f, hclName);
      if (s) out[hclName] = s;
    }
    return out;
  }

  private field(f: FieldShape, hclName: string): Spec | undefined {
    const shape = f.shape;
    if (!shape) return undefined;
    if (shape.kind === 'object') return this.block(f, shape, hclName);
    if (shape.kind === 'list' && shape.element.kind === 'object')
      return this.blockList(f, shape.element, hclName);
    return this.attr(f, shape, hclName);
  }

  private attr(
    f: FieldShape,
    shape: Exclude<Shape, ObjectShape>,
    hclName: string,
  ): Spec | undefined {
    const { tags } = f;
    this.notFor(f, ['minItems', 'maxItems'], 'an attribute');
    const leaves: Leaves = { strings: new Map(), numberChecks: new Map(), numbers: false };
    const type = this.cty(shape, f.path, leaves);
    if (!type) return undefined;
    if (leaves.strings.size > 1) {
      const kinds = [...leaves.strings.values()].map((l) =>
        l.enum
          ? l.enum.map((v) => JSON.stringify(v)).join(' | ')
          : l.duration
            ? 'Duration'
            : 'string',
      );
      this.problems.at(
        f.signature,
        f.path,
        `the strings inside this property need different checks (${kinds.join('; ')}), but one attribute carries one set of checks`,
        'split it into separate properties, or make it an array of interfaces (a repeatable block)',
      );
      return undefined;
    }
    const numberChecks = [...leaves.numberChecks.values()];
    if (numberChecks.length > 1) {
      const kinds = numberChecks.map((e) => (e ? e.join(' | ') : 'number'));
      this.problems.at(
        f.signature,
        f.path,
        `the numbers inside this property need different checks (${kinds.join('; ')}), but one attribute carries one set of checks`,
        'split it into separate properties, or make it an array of interfaces (a repeatable block)',
      );
      return undefined;
    }
    const strings = [...leaves.strings.values()][0];
    const numberEnum = numberChecks[0];
    if (strings?.enum && numberEnum) {
      this.problems.at(
        f.signature,
        f.path,
        'this property holds both string and number literal unions, but one attribute carries one set of allowed values',
        'split it into separate properties, or make it an array of interfaces (a repeatable block)',
      );
      return undefined;
    }
    let integer = false;
    if (tags.integer) {
      if (leaves.numbers) integer = true;
      else
        this.problems.at(
          tags.integer.tag,
          f.path,
          '@integer applies to properties holding numbers',
          'remove @integer',
        );
    }
    let value: { v: unknown } | undefined;
    if (tags.default) {
      const parsed = parseDefault(tags.default.value, shape);
      if (!parsed.ok) this.problems.at(tags.default.tag, f.path, parsed.message, parsed.hint);
      else if (integer && !allIntegers(parsed.value)) {
        this.problems.at(
          tags.default.tag,
          f.path,
          `the @default value ${JSON.stringify(parsed.value)} is not a whole number (the property is @integer)`,
        );
      } else value = { v: parsed.value };
    }
    const opts: AttrOptions = {
      ...(!f.optional && !tags.default ? { required: true } : {}),
      ...this.meta(f),
      ...(value ? { default: value.v } : {}),
      ...(tags.sensitive ? { sensitive: true } : {}),
      ...(strings?.enum ? { enum: strings.enum } : numberEnum ? { enum: numberEnum } : {}),
      ...(strings?.duration ? { duration: true } : {}),
      ...(tags.deprecated ? { deprecated: tags.deprecated.value } : {}),
      ...(integer ? { integer: true } : {}),
    };
    return spec.attr(hclName, type, opts);
  }

  private block(f: FieldShape, shape: ObjectShape, hclName: string): Spec | undefined {
    this.notFor(f, ['default', 'sensitive', 'integer', 'minItems', 'maxItems'], 'a nested block');
    if (this.nestedSdkConfig(shape, f.path)) return undefined;
    if (shape.common) {
      this.problems.at(
        shape.common,
        f.path,
        'only the config type itself can extend PackerCommonConfig',
        'remove PackerCommonConfig from the nested type',
      );
      return undefined;
    }
    const nested = spec.object(this.entries(shape, false));
    return spec.block(hclName, nested, {
      ...(!f.optional ? { required: true } : {}),
      ...this.meta(f),
      ...(f.tags.deprecated ? { deprecated: f.tags.deprecated.value } : {}),
    });
  }

  private blockList(f: FieldShape, element: ObjectShape, hclName: string): Spec | undefined {
    const { tags } = f;
    this.notFor(f, ['default', 'sensitive', 'integer'], 'a repeatable block');
    if (this.nestedSdkConfig(element, f.path)) return undefined;
    if (element.common) {
      this.problems.at(
        element.common,
        f.path,
        'only the config type itself can extend PackerCommonConfig',
        'remove PackerCommonConfig from the nested type',
      );
      return undefined;
    }
    const minItems = tags.minItems?.value ?? (f.optional ? 0 : 1);
    const maxItems = tags.maxItems?.value ?? 0;
    if (tags.maxItems && maxItems === 0) {
      this.problems.at(
        tags.maxItems.tag,
        f.path,
        '@maxItems 0 would forbid the block',
        'leave out @maxItems for "no limit"',
      );
    } else if (maxItems > 0 && maxItems < minItems) {
      this.problems.at(
        (tags.maxItems ?? tags.minItems)?.tag ?? f.signature,
        f.path,
        `@maxItems ${maxItems} is less than the minimum ${minItems}`,
      );
    }
    const nested = spec.object(this.entries(element, false));
    return spec.blockList(hclName, nested, {
      ...(minItems ? { minItems } : {}),
      ...(maxItems ? { maxItems } : {}),
      ...this.meta(f),
      ...(tags.deprecated ? { deprecated: tags.deprecated.value } : {}),
    });
  }

  private meta(f: FieldShape): FieldMeta {
    return {
      property: f.property,
      ...(f.tags.description !== undefined ? { description: f.tags.description } : {}),
    };
  }

  /** Reports tags that make no sense for this kind of field. */
  private notFor(
    f: FieldShape,
    names: readonly ('default' | 'sensitive' | 'integer' | 'minItems' | 'maxItems')[],
    where: string,
  ): void {
    for (const n of names) {
      const t = f.tags[n];
      if (!t) continue;
      const message =
        n === 'minItems' || n === 'maxItems'
          ? `@${n} applies to arrays of interfaces (repeatable blocks) only`
          : `@${t.tag.getTagName()} cannot be used on ${where}`;
      this.problems.at(t.tag, f.path, message, 'remove the tag');
    }
  }

  /**
   * The cty type of an attribute's value; records the checks its string leaves need and
   * whether it holds numbers (the decoder applies enum/duration/integer to every leaf).
   */
  private cty(shape: Shape, path: string, leaves: Leaves): CtyType | undefined {
    switch (shape.kind) {
      case 'string': {
        const key = shape.enum
          ? `enum:${JSON.stringify(shape.enum)}`
          : shape.duration
            ? 'duration'
            : 'string';
        if (!leaves.strings.has(key)) {
          leaves.strings.set(key, {
            ...(shape.enum ? { enum: shape.enum as readonly string[] } : {}),
            ...(shape.duration ? { duration: true } : {}),
          });
        }
        return cty.string;
      }
      case 'number': {
        leaves.numbers = true;
        const key = shape.enum ? `enum:${JSON.stringify(shape.enum)}` : 'number';
        if (!leaves.numberChecks.has(key))
          leaves.numberChecks.set(key, shape.enum as readonly number[] | undefined);
        return cty.number;
      }
      case 'bool':
        return cty.bool;
      case 'list': {
        const e = this.cty(shape.element, `${path}[]`, leaves);
        return e && cty.list(e);
      }
      case 'map': {
        const e = this.cty(shape.element, `${path}[*]`, leaves);
        return e && cty.map(e);
      }
      case 'object':
        return this.objectType(shape, path, leaves);
    }
  }

  /** An object value inside a list/map attribute: TS property names, all required, no tags. */
  private objectType(shape: ObjectShape, path: string, leaves: Leaves): CtyType | undefined {
    if (this.nestedSdkConfig(shape, path)) return undefined;
    if (shape.common) {
      this.problems.at(
        shape.common,
        path,
        'only the config type itself can extend PackerCommonConfig',
        'remove PackerCommonConfig from the nested type',
      );
      return undefined;
    }
    const attributes: Record<string, CtyType> = {};
    let ok = true;
    for (const f of shape.fields) {
      if (f.optional) {
        ok = false;
        this.problems.at(
          f.signature,
          f.path,
          'properties of objects inside a list or map attribute must be required (HCL object types have no optional attributes)',
          'remove the `?`, or make the outer property an array of interfaces (a repeatable block)',
        );
      }
      for (const n of [
        'default',
        'sensitive',
        'hclName',
        'deprecated',
        'integer',
        'minItems',
        'maxItems',
      ] as const) {
        const t = f.tags[n];
        if (t) {
          ok = false;
          this.problems.at(
            t.tag,
            f.path,
            `@${t.tag.getTagName()} is not supported on properties of objects inside a list or map attribute`,
            'put the tag on the outer property, or make the outer property an array of interfaces (a repeatable block)',
          );
        }
      }
      if (!f.shape) {
        ok = false;
        continue;
      }
      const t = this.cty(f.shape, f.path, leaves);
      if (t) attributes[f.property] = t;
      else ok = false;
    }
    return ok ? cty.object(attributes) : undefined;
  }
}

/** The string leaves' checks (keyed by kind) and whether there are number leaves. */
interface Leaves {
  readonly strings: Map<string, { readonly enum?: readonly string[]; readonly duration?: boolean }>;
  /** The allowed values of the number leaves (`undefined`: any number), keyed by kind. */
  readonly numberChecks: Map<string, readonly number[] | undefined>;
  numbers: boolean;
}

/** Every number in a (nested) default value is a whole number. */
function allIntegers(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  if (Array.isArray(value)) return value.every(allIntegers);
  if (value !== null && typeof value === 'object') return Object.values(value).every(allIntegers);
  return true;
}
