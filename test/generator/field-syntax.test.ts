import { describe, expect, it } from 'vitest';
import { formatField, readField, readFields } from '../../generators/lib/fields.js';
import { parseCompactField, splitTopLevel } from '../../generators/lib/field-syntax.js';
import type { Field } from '../../generators/lib/model.js';

/** Reads one compact field and fails the test with the problems when it cannot. */
function field(text: string): Field {
  const problems: string[] = [];
  const f = readField(text, 0, problems);
  expect(problems).toEqual([]);
  return f as Field;
}

/** The problems of one compact field. */
function problemsOf(text: string): string[] {
  const problems: string[] = [];
  readField(text, 0, problems);
  return problems;
}

describe('compact --field syntax', () => {
  it.each<[string, Field]>([
    ['region:string!', { name: 'region', type: { kind: 'scalar', scalar: 'string' }, required: true }],
    ['size:number=20', { name: 'size', type: { kind: 'scalar', scalar: 'number' }, required: false, default: 20 }],
    ['count:int=3', { name: 'count', type: { kind: 'scalar', scalar: 'int' }, required: false, default: 3 }],
    ['enabled:bool=false', { name: 'enabled', type: { kind: 'scalar', scalar: 'bool' }, required: false, default: false }],
    ['timeout:duration=5m', { name: 'timeout', type: { kind: 'scalar', scalar: 'duration' }, required: false, default: '5m' }],
    [
      'mode:enum(fast|safe)=fast',
      { name: 'mode', type: { kind: 'enum', choices: ['fast', 'safe'] }, required: false, default: 'fast' },
    ],
    ['tags:map(string)', { name: 'tags', type: { kind: 'map', element: 'string' }, required: false }],
    ['names:string[]', { name: 'names', type: { kind: 'list', element: 'string' }, required: false }],
    ['ports:list(number)=[1,2]', { name: 'ports', type: { kind: 'list', element: 'number' }, required: false, default: [1, 2] }],
    ['token:string*', { name: 'token', type: { kind: 'scalar', scalar: 'string' }, required: false, sensitive: true }],
    [
      'label:string="a,b#c"#The label',
      { name: 'label', type: { kind: 'scalar', scalar: 'string' }, required: false, default: 'a,b#c', description: 'The label' },
    ],
    ['empty:string=""', { name: 'empty', type: { kind: 'scalar', scalar: 'string' }, required: false, default: '' }],
    ['digits:string=20', { name: 'digits', type: { kind: 'scalar', scalar: 'string' }, required: false, default: '20' }],
  ])('%s', (text, expected) => {
    expect(field(text)).toEqual(expected);
  });

  it('reads nested blocks and block lists', () => {
    expect(field('disk:block{size_gb:int!,label:string=boot}!')).toEqual({
      name: 'disk',
      required: true,
      type: {
        kind: 'block',
        fields: [
          { name: 'size_gb', type: { kind: 'scalar', scalar: 'int' }, required: true },
          { name: 'label', type: { kind: 'scalar', scalar: 'string' }, required: false, default: 'boot' },
        ],
      },
    });
    expect(field('mount:block[]{path:string!,opts:block{ro:bool}}!')).toEqual({
      name: 'mount',
      required: true,
      type: {
        kind: 'blockList',
        minItems: 1,
        maxItems: 0,
        fields: [
          { name: 'path', type: { kind: 'scalar', scalar: 'string' }, required: true },
          {
            name: 'opts',
            required: false,
            type: { kind: 'block', fields: [{ name: 'ro', type: { kind: 'scalar', scalar: 'bool' }, required: false }] },
          },
        ],
      },
    });
  });

  it('splits on top-level commas only', () => {
    expect(splitTopLevel('a:string="x,y",b:block{c:int,d:int},e:enum(p|q)')).toEqual([
      'a:string="x,y"',
      'b:block{c:int,d:int}',
      'e:enum(p|q)',
    ]);
  });

  it('keeps the default text of a compact field for the checker', () => {
    expect(parseCompactField('size:int!*=20#Disk size')).toEqual({
      name: 'size',
      type: 'int',
      required: true,
      sensitive: true,
      defaultText: '20',
      description: 'Disk size',
    });
  });

  it('round-trips through formatField', () => {
    for (const text of [
      'region:string!',
      'mode:enum(fast|safe)=fast#The mode',
      'tags:map(bool)={"a":true}',
      'names:string[]=["x y","z"]',
      'disk:block{size_gb:int!,label:string="a,b"}',
      'mount:block[]{path:string!}!',
      'secret:string*',
    ]) {
      expect(formatField(field(formatField(field(text))))).toBe(formatField(field(text)));
      expect(field(formatField(field(text)))).toEqual(field(text));
    }
  });
});

describe('bad fields', () => {
  it.each<[string, string]>([
    ['region', 'field #1 ("region"): "region" has no type; write NAME:TYPE, e.g. "region:string"'],
    [
      'size:integer',
      'field "size" ("size:integer"): unknown type "integer"; use one of string, number, int, bool, duration, enum(a|b), string[] (or list(T)), map(T), block{…}, block[]{…}',
    ],
    ['tags:map(duration)', 'field "tags" ("tags:map(duration)"): map(duration): the element type must be one of string, number, bool'],
    ['ids:int[]', 'field "ids" ("ids:int[]"): int[]: lists hold string, number, bool only; use number[]'],
    ['mode:enum(fast|safe', 'field "mode" ("mode:enum(fast|safe"): "enum(" is not closed with ")"'],
    ['disk:block', 'field "disk" ("disk:block"): block needs its fields in braces, e.g. block{size:int!,label:string}'],
    ['size:int=20 GB', 'field "size": default "20 GB" is not an integer; give a whole number such as 20, or drop the default'],
    ['size:number=abc', 'field "size": default "abc" is not a number; give a number such as 20, or drop the default'],
    ['count:int=2.5', 'field "count": default 2.5 is not an integer; give a whole number such as 20, or drop the default'],
    ['on:bool=yes', 'field "on": default "yes" is not a bool; use true or false, or drop the default'],
    ['wait:duration=5 minutes', 'field "wait": default "5 minutes" is not a duration; write it like 30s, 5m or 1h30m, or drop the default'],
    ['mode:enum(fast|safe)=slow', 'field "mode": default "slow" is not one of the choices fast, safe; use one of them, or drop the default'],
    ['names:string[]=a,b', 'field "names": default "a,b" is not JSON; give JSON like ["a"], or drop the default'],
    ['names:string[]=["a",1]', 'field "names": default ["a",1] is not a list of string (element 1 is not a string); give JSON like ["a"], or drop the default'],
    ['tags:map(number)=[1]', 'field "tags": default [1] is not a map of number; give JSON like {"key":1.5}, or drop the default'],
    ['region:string!=x', 'field "region": is required, so its default would never be used; drop the default or make the field optional'],
    ['Region:string', 'field "Region": "Region" is not a valid field name; use snake_case (lower-case letters, digits and single underscores, starting with a letter), e.g. "region"'],
    ['diskSize:int', 'field "diskSize": "diskSize" is not a valid field name; use snake_case (lower-case letters, digits and single underscores, starting with a letter), e.g. "disk_size"'],
    ['packer_region:string', 'field "packer_region": "packer_region" uses the reserved prefix "packer_" (Packer fills those fields itself); rename it, e.g. "region"'],
    ['type:string', 'field "type": "type" is reserved: JSON templates use "type" for the builder itself; rename it, e.g. "type_name"'],
    ['name:string', 'field "name": "name" is reserved: JSON templates use "name" for the builder itself; rename it, e.g. "display_name"'],
    ['class:string', 'field "class": "class" is a TypeScript/JavaScript reserved word; choose another name, e.g. "class_value"'],
    ['to_string:string', 'field "to_string": "to_string" is a TypeScript/JavaScript reserved word; choose another name, e.g. "to_string_value"'],
    ['disk:block{size:int}=x', 'field "disk": blocks cannot have a default; give defaults to the fields inside the block'],
    ['disk:block{Size:int}', 'field "disk.Size": "Size" is not a valid field name; use snake_case (lower-case letters, digits and single underscores, starting with a letter), e.g. "size"'],
    ['disk:block{}', 'field "disk": a block needs at least one field; write block{size:int} or "fields": [{"name":"size","type":"int"}]'],
    ['secret:block{a:int}*', 'field "secret": a block cannot be sensitive; mark the fields inside it as sensitive instead'],
  ])('%s', (text, message) => {
    expect(problemsOf(text)).toEqual([message]);
  });

  it('allows name and type inside blocks (only the builder object reserves them)', () => {
    expect(problemsOf('disk:block{name:string,type:string}')).toEqual([]);
  });

  it('reports duplicates and TypeScript property clashes', () => {
    const problems: string[] = [];
    readFields(['size:int', 'size:string', 'a_b:int', 'disk:block{x:int,x:int}'], problems);
    expect(problems).toEqual([
      'field "size" is defined twice; remove or rename one of them',
      'field "disk.x" is defined twice; remove or rename one of them',
    ]);
    const clash: string[] = [];
    readFields(['disk_size:int', 'disk__size:int'], clash);
    expect(clash).toEqual([
      'field "disk__size": "disk__size" is not a valid field name; use snake_case (lower-case letters, digits and single underscores, starting with a letter), e.g. "disk_size"',
    ]);
  });

  it('reads answers-file objects with the same checks', () => {
    const problems: string[] = [];
    const fields = readFields(
      [
        { name: 'mode', type: 'enum', choices: ['a', 'b'], default: 'b' },
        { name: 'mount', type: 'block[]', minItems: 2, maxItems: 1, fields: ['p:string'] },
        { name: 'sizes', type: 'number[]', default: [1, 'x'] },
        { name: 'flag', type: 'bool', required: 'yes' },
        { type: 'string' },
        42,
      ],
      problems,
    );
    expect(fields).toEqual([{ name: 'mode', type: { kind: 'enum', choices: ['a', 'b'] }, required: false, default: 'b' }]);
    expect(problems).toEqual([
      'field "mount": "maxItems" (1) is below "minItems" (2); raise maxItems or use 0 for no limit',
      'field "sizes": default [1,"x"] is not a list of number (element 1 is not a number); give JSON like [1.5], or drop the default',
      'field "flag": "required" must be true or false, got "yes"',
      'field #5: missing "name"; give a snake_case name such as "region"',
      'field #6: expected an object like {"name":"region","type":"string"} or a string like "region:string", got 42',
    ]);
  });
});
