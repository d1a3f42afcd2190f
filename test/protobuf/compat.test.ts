import { describe, expect, it } from 'vitest';
import { cty } from '../../src/hcl/cty.js';
import { spec } from '../../src/hcl/spec.js';
import { protobufSpecProblem } from '../../src/rpc/protobuf/index.js';

describe('protobufSpecProblem', () => {
  it('accepts every kind hcl_spec.proto holds, block-list item counts included (they are dropped, as the SDK does)', () => {
    const s = spec.object({
      name: spec.attr('name', cty.string, { required: true }),
      n: spec.attr('n', cty.number),
      on: spec.attr('on', cty.bool),
      nested: spec.attr('nested', cty.map(cty.list(cty.map(cty.bool)))),
      disk: spec.block('disk', spec.object({ size: spec.attr('size', cty.number) }), { required: true }),
      step: spec.blockList('step', spec.object({ run: spec.attr('run', cty.string) }), { minItems: 1, maxItems: 2 }),
      extra: spec.object({ note: spec.attr('note', cty.string) }),
    });
    expect(protobufSpecProblem(s)).toBeUndefined();
    expect(protobufSpecProblem(spec.object({}))).toBeUndefined();
  });

  it("names the first field protobuf cannot carry, with the encoder's message", () => {
    expect(protobufSpecProblem(spec.object({ ok: spec.attr('ok', cty.string), metadata: spec.blockAttrs('metadata', cty.string) }))).toBe(
      'ConfigSpec field "metadata": a block-attributes spec cannot be sent to Packer as protobuf: ' +
        "packer-plugin-sdk's hcl_spec.proto only has object, attr, block and block list specs. " +
        'Use an attribute of type map(...) instead.',
    );
    expect(
      protobufSpecProblem(spec.object({ d: spec.block('d', spec.object({ s: spec.attr('s', cty.set(cty.string)) })) })),
    ).toBe(
      'ConfigSpec field "d.s": type set(string) cannot be sent to Packer as protobuf: ' +
        "packer-plugin-sdk's hcl_spec.proto only has string, number, bool, list(...) and map(...), not set(string). " +
        'Use those types, or blocks for nested objects.',
    );
    expect(protobufSpecProblem(spec.object({ t: spec.attr('t', cty.list(cty.tuple([cty.number]))) }))).toMatch(
      /^ConfigSpec field "t": type list\(tuple\(\[number\]\)\) cannot be sent/,
    );
    expect(protobufSpecProblem(spec.object({ o: spec.attr('o', cty.object({ a: cty.string })) }))).toMatch(/not object\(\{a=string\}\)/);
    expect(protobufSpecProblem(spec.object({ x: spec.attr('x', cty.dynamic) }))).toMatch(/^ConfigSpec field "x": type any cannot be sent/);
  });
});
