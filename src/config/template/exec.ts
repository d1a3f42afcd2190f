/**
 * Executes a parsed template the way Go's text/template does for Packer's functions: values
 * flow through pipelines as the last argument, arguments are type-checked (`expected string;
 * found 3`), and errors name the node (`template: root:1:3: executing "root" at <user>: …`).
 */
import { formatGoFloatV } from '../gostrconv.js';
import { TEMPLATE_NAME, TemplateExecError } from './errors.js';
import type { ParamKind, TemplateFunction } from './funcs.js';
import { nodeString, type ArgNode, type CommandNode, type ParsedTemplate, type PipeNode } from './parser.js';

/** A value inside a template run; `missing` is Go's invalid value, printed `<no value>`. */
type Value =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'map'; readonly value: Readonly<Record<string, unknown>> }
  | { readonly kind: 'list'; readonly value: readonly unknown[] }
  | { readonly kind: 'missing' };

const MISSING: Value = { kind: 'missing' };

/** Go's type names, for `wrong type for value; expected string; got int`. */
function goTypeName(v: Value): string {
  switch (v.kind) {
    case 'string':
      return 'string';
    case 'int':
      return 'int';
    case 'float':
      return 'float64';
    case 'bool':
      return 'bool';
    case 'map':
      return 'map[string]interface {}';
    case 'list':
      return '[]interface {}';
    case 'missing':
      return 'invalid';
  }
}

/** A JS value from the template's data, as a template value (JSON numbers are float64 in Go). */
function fromData(v: unknown): Value {
  if (v === undefined || v === null) return MISSING;
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (typeof v === 'number') return { kind: 'float', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (Array.isArray(v)) return { kind: 'list', value: v };
  if (typeof v === 'object') return { kind: 'map', value: v as Record<string, unknown> };
  return { kind: 'string', value: String(v) };
}

/** Go's fmt `%v` of a template value. */
function printValue(v: Value): string {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'int':
      return String(v.value);
    case 'float':
      return formatGoFloatV(v.value);
    case 'bool':
      return String(v.value);
    case 'missing':
      return '<no value>';
    case 'list':
      return `[${v.value.map((e) => printNested(e)).join(' ')}]`;
    case 'map':
      return `map[${Object.keys(v.value)
        .sort()
        .map((k) => `${k}:${printNested(v.value[k])}`)
        .join(' ')}]`;
  }
}

function printNested(v: unknown): string {
  const value = fromData(v);
  return value.kind === 'missing' ? '<nil>' : printValue(value);
}

/** Runs a parsed template. `data` undefined = no data (Go: nil). */
export function executeTemplate(
  tpl: ParsedTemplate,
  funcs: Readonly<Record<string, TemplateFunction>>,
  data: Readonly<Record<string, unknown>> | undefined,
): string {
  const dot = fromData(data);
  let at: ArgNode | CommandNode | undefined;

  const fail = (detail: string): never => {
    if (!at) throw new TemplateExecError(TEMPLATE_NAME, '', detail);
    const prefix = tpl.text.slice(0, at.pos);
    const nl = prefix.lastIndexOf('\n');
    const line = 1 + (prefix.match(/\n/g)?.length ?? 0);
    const col = Buffer.byteLength(nl < 0 ? prefix : prefix.slice(nl + 1), 'utf8');
    throw new TemplateExecError(`${TEMPLATE_NAME}:${line}:${col}`, nodeString(at), detail);
  };

  let out = '';
  for (const node of tpl.nodes) {
    if (node.type === 'text') out += node.text;
    else out += printValue(evalPipeline(node.pipe));
  }
  return out;

  function evalPipeline(pipe: PipeNode): Value {
    at = pipe;
    let value: Value | undefined;
    for (const cmd of pipe.cmds) value = evalCommand(cmd, value);
    return value ?? MISSING;
  }

  function evalCommand(cmd: CommandNode, final: Value | undefined): Value {
    const first = cmd.args[0] as ArgNode;
    switch (first.type) {
      case 'field':
        return evalField(first.idents, cmd.args.length > 1 || final !== undefined, first);
      case 'identifier':
        return evalFunction(first.name, first, cmd, cmd.args.slice(1), final);
      case 'pipe':
        notAFunction(cmd.args, final);
        return evalPipeline(first);
    }
    at = first;
    notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return { kind: 'bool', value: first.value };
      case 'dot':
        return dot;
      case 'nil':
        return fail('nil is not a command');
      case 'string':
        return { kind: 'string', value: first.text };
      case 'number': {
        // Go's idealConstant: a literal written as a float stays a float64, otherwise an int.
        const text = first.text;
        const isHexInt = /^0[xX]/.test(text) && text.length > 2 && !/[pP]/.test(text);
        const isRuneInt = text.startsWith("'");
        if (first.isFloat && !isHexInt && !isRuneInt && /[.eEpP]/.test(text)) {
          return { kind: 'float', value: first.float };
        }
        if (first.isInt) return { kind: 'int', value: first.int };
        return fail(`${text} overflows int`);
      }
    }
  }

  function notAFunction(args: readonly ArgNode[], final: Value | undefined): void {
    if (args.length > 1 || final !== undefined) {
      fail(`can't give argument to non-function ${nodeString(args[0] as ArgNode)}`);
    }
  }

  function evalField(idents: readonly string[], hasArgs: boolean, node: ArgNode): Value {
    at = node;
    let receiver = dot;
    for (const [k, ident] of idents.entries()) {
      const last = k === idents.length - 1;
      if (receiver.kind === 'missing') return MISSING;
      if (receiver.kind !== 'map') fail(`can't evaluate field ${ident} in type ${goTypeName(receiver)}`);
      if (last && hasArgs) fail(`${ident} is not a method but has arguments`);
      const map = (receiver as { value: Readonly<Record<string, unknown>> }).value;
      receiver = Object.prototype.hasOwnProperty.call(map, ident) ? fromData(map[ident]) : MISSING;
    }
    return receiver;
  }

  function evalFunction(
    name: string,
    ident: ArgNode,
    cmd: ArgNode | CommandNode,
    args: readonly ArgNode[],
    final: Value | undefined,
  ): Value {
    at = ident;
    const f = funcs[name] as TemplateFunction;
    const numIn = args.length + (final === undefined ? 0 : 1);
    if (f.variadic === undefined) {
      if (numIn !== f.params.length) {
        fail(`wrong number of args for ${name}: want ${f.params.length} got ${numIn}`);
      }
    } else if (numIn < f.params.length) {
      fail(`wrong number of args for ${name}: want at least ${f.params.length} got ${numIn}`);
    }
    const kindAt = (i: number): ParamKind => (f.params[i] ?? f.variadic) as ParamKind;
    const argv: (string | number)[] = args.map((a, i) => evalArg(a, kindAt(i)));
    if (final !== undefined) argv.push(validateType(final, kindAt(argv.length)));
    try {
      return { kind: 'string', value: f.call(argv) };
    } catch (e) {
      at = cmd;
      return fail(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  function evalArg(node: ArgNode, kind: ParamKind): string | number {
    at = node;
    switch (node.type) {
      case 'dot':
        return validateType(dot, kind);
      case 'nil':
        return fail(`cannot assign nil to ${kind}`);
      case 'field':
        return validateType(evalField(node.idents, false, node), kind);
      case 'pipe':
        return validateType(evalPipeline(node), kind);
      case 'identifier':
        return validateType(evalFunction(node.name, node, node, [], undefined), kind);
    }
    if (kind === 'string') {
      if (node.type === 'string') return node.text;
      return fail(`expected string; found ${nodeString(node)}`);
    }
    if (node.type === 'number' && node.isInt) return node.int;
    return fail(`expected integer; found ${nodeString(node)}`);
  }

  function validateType(value: Value, kind: ParamKind): string | number {
    if (value.kind === 'missing') return fail(`invalid value; expected ${kind}`);
    if (kind === 'string' && value.kind === 'string') return value.value;
    if (kind === 'int' && value.kind === 'int') return value.value;
    return fail(`wrong type for value; expected ${kind}; got ${goTypeName(value)}`);
  }
}
