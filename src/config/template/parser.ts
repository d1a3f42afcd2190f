/**
 * Parser for the Go text/template subset Packer JSON templates use, following Go's
 * text/template/parse: pipelines of commands whose operands are functions, literals, fields
 * (`.Name`) and parenthesized pipelines. Control actions (`if`, `range`, …), variables and Go's
 * builtin functions are refused with a TemplateSyntaxError marked `unsupported`.
 */
import { goQuote, parseGoFloat, parseGoInt } from '../gostrconv.js';
import { TemplateSyntaxError } from './errors.js';
import { lex, type Token } from './lexer.js';
import { unquoteGo } from './unquote.js';

export interface TextNode {
  readonly type: 'text';
  readonly text: string;
}
export interface ActionNode {
  readonly type: 'action';
  readonly pos: number;
  readonly pipe: PipeNode;
}
export interface PipeNode {
  readonly type: 'pipe';
  readonly pos: number;
  readonly cmds: CommandNode[];
}
export interface CommandNode {
  readonly type: 'command';
  readonly pos: number;
  readonly args: ArgNode[];
}
export interface IdentifierNode {
  readonly type: 'identifier';
  readonly pos: number;
  readonly name: string;
}
export interface StringNode {
  readonly type: 'string';
  readonly pos: number;
  /** As written, with its quotes. */
  readonly quoted: string;
  readonly text: string;
}
export interface NumberNode {
  readonly type: 'number';
  readonly pos: number;
  readonly text: string;
  /** The value fits an int64 (Go's IsInt); `int` holds it. */
  readonly isInt: boolean;
  readonly int: number;
  readonly isFloat: boolean;
  readonly float: number;
}
export interface BoolNode {
  readonly type: 'bool';
  readonly pos: number;
  readonly value: boolean;
}
export interface NilNode {
  readonly type: 'nil';
  readonly pos: number;
}
export interface DotNode {
  readonly type: 'dot';
  readonly pos: number;
}
export interface FieldNode {
  readonly type: 'field';
  readonly pos: number;
  readonly idents: readonly string[];
}
export type ArgNode =
  IdentifierNode | StringNode | NumberNode | BoolNode | NilNode | DotNode | FieldNode | PipeNode;
export type Node = TextNode | ActionNode;

/** A parsed template. */
export interface ParsedTemplate {
  readonly text: string;
  readonly nodes: readonly Node[];
}

/** Go's text/template builtins: defined in Go, not implemented here. */
const GO_BUILTINS = new Set([
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
]);

/** Go's Node.String(): how a node is shown in `executing "root" at <…>`. */
export function nodeString(node: ArgNode | CommandNode): string {
  switch (node.type) {
    case 'identifier':
      return node.name;
    case 'string':
      return node.quoted;
    case 'number':
      return node.text;
    case 'bool':
      return node.value ? 'true' : 'false';
    case 'nil':
      return 'nil';
    case 'dot':
      return '.';
    case 'field':
      return node.idents.map((i) => `.${i}`).join('');
    case 'pipe':
      return node.cmds.map(nodeString).join(' | ');
    case 'command':
      return node.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
  }
}

/**
 * Parses `text`. `isFunction` says which identifiers are defined functions (Go checks this at
 * parse time: `function "nope" not defined`).
 */
export function parseTemplate(text: string, isFunction: (name: string) => boolean): ParsedTemplate {
  const tokens = lex(text);
  let i = 0;
  const nodes: Node[] = [];

  const next = (): Token => {
    const t = tokens[i] as Token;
    if (t.kind === 'error') throw new TemplateSyntaxError(t.value, t.line);
    if (i < tokens.length - 1) i++;
    return t;
  };
  const peek = (): Token => {
    const t = tokens[i] as Token;
    if (t.kind === 'error') throw new TemplateSyntaxError(t.value, t.line);
    return t;
  };
  const nextNonSpace = (): Token => {
    let t = next();
    while (t.kind === 'space') t = next();
    return t;
  };
  const peekNonSpace = (): Token => {
    const save = i;
    const t = nextNonSpace();
    i = save;
    return t;
  };
  const backup = (): void => {
    i--;
  };
  const fail = (message: string, token: Token): never => {
    throw new TemplateSyntaxError(message, token.line);
  };
  const unsupported = (message: string, token: Token): never => {
    throw new TemplateSyntaxError(message, token.line, true);
  };
  const tokenString = (t: Token): string => {
    switch (t.kind) {
      case 'eof':
        return 'EOF';
      case 'error':
        return t.value;
      case 'keyword':
        return `<${t.value}>`;
    }
    return t.value.length > 10 ? `${goQuote(t.value.slice(0, 10))}...` : goQuote(t.value);
  };
  const unexpected = (t: Token, context: string): never => {
    if (t.kind === 'error') return fail(t.value, t);
    return fail(`unexpected ${tokenString(t)} in ${context}`, t);
  };

  for (;;) {
    const t = next();
    if (t.kind === 'eof') break;
    if (t.kind === 'text') {
      nodes.push({ type: 'text', text: t.value });
      continue;
    }
    // leftDelim
    nodes.push(action(t));
  }
  return { text, nodes };

  function action(open: Token): ActionNode {
    const t = peekNonSpace();
    if (t.kind === 'keyword') {
      nextNonSpace();
      if (t.value === 'end' || t.value === 'else') fail(`unexpected {{${t.value}}}`, t);
      unsupported(
        `{{${t.value}}} actions are not supported by this SDK's template engine; ` +
          'use a plain value or a function such as {{user `name`}}',
        t,
      );
    }
    return { type: 'action', pos: open.pos, pipe: pipeline('command', 'rightDelim') };
  }

  function pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const first = peekNonSpace();
    if (first.kind === 'variable') {
      unsupported(
        `template variables (${first.value}) are not supported by this SDK's template engine`,
        first,
      );
    }
    const pipe: PipeNode = { type: 'pipe', pos: first.pos, cmds: [] };
    for (;;) {
      const t = nextNonSpace();
      if (t.kind === end) {
        checkPipeline(pipe, context, t);
        return pipe;
      }
      switch (t.kind) {
        case 'bool':
        case 'charConstant':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          backup();
          pipe.cmds.push(command());
          break;
        default:
          unexpected(t, context);
      }
    }
  }

  function checkPipeline(pipe: PipeNode, context: string, at: Token): void {
    if (pipe.cmds.length === 0) fail(`missing value for ${context}`, at);
    pipe.cmds.slice(1).forEach((cmd, k) => {
      const head = cmd.args[0];
      if (head && ['bool', 'dot', 'nil', 'number', 'string'].includes(head.type)) {
        fail(`non executable command in pipeline stage ${k + 2}`, at);
      }
    });
  }

  function command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: peekNonSpace().pos, args: [] };
    for (;;) {
      peekNonSpace();
      const op = operand();
      if (op) cmd.args.push(op);
      const t = next();
      if (t.kind === 'space') continue;
      if (t.kind === 'rightDelim' || t.kind === 'rightParen') backup();
      else if (t.kind !== 'pipe') unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) fail('empty command', peek());
    return cmd;
  }

  function operand(): ArgNode | undefined {
    const node = term();
    if (!node) return undefined;
    if (peek().kind === 'field') {
      if (node.type === 'field' || node.type === 'dot') {
        // Go makes a chain node positioned at the first chained field.
        const pos = peek().pos;
        const idents = node.type === 'field' ? [...node.idents] : [];
        while (peek().kind === 'field') idents.push(...fieldIdents(next().value));
        return { type: 'field', pos, idents };
      }
      unsupported("field access on a function result is not supported by this SDK's template engine", peek());
    }
    return node;
  }

  function fieldIdents(value: string): string[] {
    return value.split('.').filter((s) => s !== '');
  }

  function term(): ArgNode | undefined {
    const t = nextNonSpace();
    switch (t.kind) {
      case 'identifier':
        if (!isFunction(t.value)) {
          if (GO_BUILTINS.has(t.value)) {
            unsupported(
              `function ${goQuote(t.value)} is a Go template builtin that this SDK does not support`,
              t,
            );
          }
          fail(`function ${goQuote(t.value)} not defined`, t);
        }
        return { type: 'identifier', pos: t.pos, name: t.value };
      case 'dot':
        return { type: 'dot', pos: t.pos };
      case 'nil':
        return { type: 'nil', pos: t.pos };
      case 'variable':
        return unsupported(
          `template variables (${t.value}) are not supported by this SDK's template engine`,
          t,
        );
      case 'field':
        return { type: 'field', pos: t.pos, idents: fieldIdents(t.value) };
      case 'bool':
        return { type: 'bool', pos: t.pos, value: t.value === 'true' };
      case 'charConstant':
      case 'number':
        return numberNode(t);
      case 'leftParen':
        return pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString': {
        const unquoted = unquoteGo(t.value);
        if (unquoted === undefined) fail('invalid syntax', t);
        return { type: 'string', pos: t.pos, quoted: t.value, text: unquoted as string };
      }
    }
    backup();
    return undefined;
  }

  function numberNode(t: Token): NumberNode {
    const text = t.value;
    if (t.kind === 'charConstant') {
      const ch = unquoteGo(text);
      const cp = ch === undefined ? undefined : ch.codePointAt(0);
      if (ch === undefined || cp === undefined || [...ch].length !== 1) {
        return fail(`malformed character constant: ${text}`, t);
      }
      return { type: 'number', pos: t.pos, text, isInt: true, int: cp, isFloat: true, float: cp };
    }
    if (text.endsWith('i')) {
      return unsupported(`complex number ${goQuote(text)} is not supported by this SDK's template engine`, t);
    }
    const asInt = parseGoInt(text);
    if (asInt.ok) {
      return {
        type: 'number',
        pos: t.pos,
        text,
        isInt: true,
        int: asInt.value,
        isFloat: true,
        float: asInt.value,
      };
    }
    const asFloat = parseGoFloat(text);
    if (asFloat.ok) {
      if (!/[.eEpP]/.test(text)) fail(`integer overflow: ${goQuote(text)}`, t);
      const f = asFloat.value;
      const isInt = Number.isInteger(f) && Math.abs(f) < 2 ** 63;
      return { type: 'number', pos: t.pos, text, isInt, int: isInt ? f : 0, isFloat: true, float: f };
    }
    return fail(`illegal number syntax: ${goQuote(text)}`, t);
  }
}
