import { describe, expect, it } from 'vitest';
import { cty } from '../../src/hcl/cty.js';
import { spec, type ObjectSpec } from '../../src/hcl/spec.js';
import { chooseProtocolVersion, PROTOCOL_VERSION_2 } from '../../src/plugin/protocol/index.js';

const fits: ObjectSpec = spec.object({
  name: spec.attr('name', cty.string, { required: true }),
  tags: spec.attr('tags', cty.map(cty.string)),
  disk: spec.blockList('disk', spec.object({ size: spec.attr('size', cty.number) })),
});
const blockAttrs: ObjectSpec = spec.object({ metadata: spec.blockAttrs('metadata', cty.string) });
const objectType: ObjectSpec = spec.object({ settings: spec.attr('settings', cty.object({ a: cty.string })) });

describe('chooseProtocolVersion', () => {
  it('claims v2 when every builder spec fits protobuf', () => {
    expect(PROTOCOL_VERSION_2).toBe('v2');
    expect(chooseProtocolVersion({ one: () => fits })).toEqual({
      protocolVersion: 'v2',
      reason: 'protocol v2: the spec of the builder fits protobuf',
    });
    expect(chooseProtocolVersion({ a: () => fits, b: () => spec.object({}) })).toEqual({
      protocolVersion: 'v2',
      reason: 'protocol v2: the spec of all 2 builders fits protobuf',
    });
  });

  it('stays on gob for the whole plugin when one builder has block attributes or an object type', () => {
    expect(chooseProtocolVersion({ good: () => fits, meta: () => blockAttrs })).toEqual({
      protocolVersion: undefined,
      reason:
        'gob only: builder "meta": ConfigSpec field "metadata": a block-attributes spec cannot be sent to Packer as protobuf: ' +
        "packer-plugin-sdk's hcl_spec.proto only has object, attr, block and block list specs. Use an attribute of type map(...) instead.",
    });
    const obj = chooseProtocolVersion({ z: () => fits, a: () => objectType });
    expect(obj.protocolVersion).toBeUndefined();
    expect(obj.reason).toMatch(/^gob only: builder "a": ConfigSpec field "settings": type object\(\{a=string\}\) cannot be sent/);
  });

  it('stays on gob (without throwing) when a spec cannot be read', () => {
    const choice = chooseProtocolVersion({
      broken: () => {
        throw new Error('factory needs a license key');
      },
    });
    expect(choice).toEqual({
      protocolVersion: undefined,
      reason: 'gob only: builder "broken": its spec could not be read: factory needs a license key',
    });
  });

  it('asks each builder at most once and stops at the first that does not fit', () => {
    const asked: string[] = [];
    const getter = (name: string, s: ObjectSpec) => () => {
      asked.push(name);
      return s;
    };
    chooseProtocolVersion({ c: getter('c', fits), a: getter('a', fits), b: getter('b', blockAttrs) });
    expect(asked).toEqual(['a', 'b']);
  });
});
