/**
 * The functions of Packer 1.6.6's JSON templates as a builder sees them
 * (packer-plugin-sdk/template/interpolate/funcs.go at v1.6.6, with env, Consul, Vault and AWS
 * Secrets Manager disallowed as in a builder's configuration).
 */
import path from 'node:path';
import type { InterpolateContext } from './context.js';
import { formatGoTime, RFC3339, strftime } from './gotime.js';

/** How an argument must be typed (Go: `string` or `int` parameter). */
export type ParamKind = 'string' | 'int';

/** A template function: fixed parameters, optionally variadic, returns a string or throws. */
export interface TemplateFunction {
  readonly params: readonly ParamKind[];
  readonly variadic?: ParamKind;
  readonly call: (args: readonly (string | number)[]) => string;
}

/** Go's packerbuilderdata.PlaceholderMsg: data values holding it render as `{{.Name}}`. */
export const PLACEHOLDER_MSG =
  'To set this dynamically in the Packer template, you must use the `build` function';

function fn(
  params: readonly ParamKind[],
  call: (args: readonly (string | number)[]) => string,
): TemplateFunction {
  return { params, call };
}

const s = (v: string | number | undefined): string => String(v ?? '');
const n = (v: string | number | undefined): number => Number(v ?? 0);

/** Go's strings.Split (an empty separator splits into characters). */
function goSplit(text: string, sep: string): string[] {
  return sep === '' ? Array.from(text) : text.split(sep);
}

/** Go's strings.Replace: the first `count` matches (all when negative). */
export function goReplace(text: string, old: string, replacement: string, count: number): string {
  if (old === replacement || count === 0) return text;
  if (old === '') {
    const chars = Array.from(text);
    const max = count < 0 ? chars.length + 1 : Math.min(count, chars.length + 1);
    let out = '';
    for (let i = 0; i < chars.length; i++) out += (i < max ? replacement : '') + chars[i];
    return out + (chars.length < max ? replacement : '');
  }
  const parts = text.split(old);
  if (count < 0 || count >= parts.length - 1) return parts.join(replacement);
  return parts.slice(0, count + 1).join(replacement) + old + parts.slice(count + 1).join(old);
}

/** googlecompute's clean_resource_name: lower case, every byte outside [a-z0-9] becomes `-`. */
export function cleanResourceName(text: string): string {
  if (/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(text)) return text;
  let out = '';
  for (const byte of Buffer.from(text.toLowerCase(), 'utf8')) {
    out += (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7a) ? String.fromCharCode(byte) : '-';
  }
  return out;
}

function buildData(ctx: InterpolateContext, name: string): string {
  const data = ctx.data;
  if (data === undefined) {
    throw new Error(
      `Error validating build variable: the given variable ${name} will not be passed into your plugin.`,
    );
  }
  const value = Object.prototype.hasOwnProperty.call(data, name) ? data[name] : undefined;
  if (typeof value === 'string') return value.includes(PLACEHOLDER_MSG) ? `{{.${name}}}` : value;
  throw new Error(`loaded data, but couldnt find ${name} in it.`);
}

/** The function table for a context (built-ins, then `ctx.funcs`). */
export function templateFunctions(ctx: InterpolateContext): Readonly<Record<string, TemplateFunction>> {
  const table: Record<string, TemplateFunction> = {
    build_name: fn([], () => {
      if (!ctx.buildName) throw new Error('build_name not available');
      return ctx.buildName;
    }),
    build_type: fn([], () => {
      if (!ctx.buildType) throw new Error('build_type not available');
      return ctx.buildType;
    }),
    env: fn(['string'], () => {
      throw new Error('env vars are not allowed here');
    }),
    isotime: {
      params: [],
      variadic: 'string',
      call: (args) => {
        if (args.length === 0) return formatGoTime(ctx.now, RFC3339);
        if (args.length > 1) throw new Error(`too many values, 1 needed: [${args.join(' ')}]`);
        return formatGoTime(ctx.now, s(args[0]));
      },
    },
    strftime: fn(['string'], ([format]) => strftime(s(format), ctx.now)),
    pwd: fn([], () => ctx.cwd()),
    split: fn(['string', 'string', 'int'], ([text, sep, index]) => {
      const parts = goSplit(s(text), s(sep));
      const i = n(index);
      if (parts.length <= i || i < 0) {
        throw new Error(
          `the substring ${i} was unavailable using the separator value, ${s(sep)}, only ${parts.length} values were found`,
        );
      }
      return parts[i] as string;
    }),
    template_dir: fn([], () => {
      if (!ctx.templatePath) throw new Error('template path not available');
      return path.resolve(ctx.cwd(), path.dirname(ctx.templatePath));
    }),
    timestamp: fn([], () => String(Math.floor(ctx.now.getTime() / 1000))),
    uuid: fn([], () => ctx.uuid()),
    user: fn(['string'], ([name]) => {
      if (ctx.userVariables === undefined) {
        throw new Error('user variables are not available (no packer_user_variables in the configuration; in an HCL2 template use var.NAME)');
      }
      const vars = ctx.userVariables;
      const key = s(name);
      return Object.prototype.hasOwnProperty.call(vars, key) ? (vars[key] as string) : '';
    }),
    packer_version: fn([], () => {
      if (!ctx.packerVersion) throw new Error('packer_version not available');
      return ctx.packerVersion;
    }),
    consul_key: fn(['string'], () => {
      throw new Error('consul_key is not allowed here; use it in the "variables" section of the template');
    }),
    vault: fn(['string', 'string'], () => {
      throw new Error('Vault vars are only allowed in the variables section');
    }),
    aws_secretsmanager: {
      params: [],
      variadic: 'string',
      call: () => {
        throw new Error('AWS Secrets Manager is only allowed in the variables section');
      },
    },
    sed: fn(['string', 'string'], () => {
      throw new Error(
        'template function `sed` is deprecated use `replace` or `replace_all` instead.' +
          'Documentation: https://www.packer.io/docs/templates/engine',
      );
    }),
    build: fn(['string'], ([name]) => buildData(ctx, s(name))),
    replace: fn(['string', 'string', 'int', 'string'], ([old, rep, count, src]) =>
      goReplace(s(src), s(old), s(rep), n(count)),
    ),
    replace_all: fn(['string', 'string', 'string'], ([old, rep, src]) =>
      goReplace(s(src), s(old), s(rep), -1),
    ),
    upper: fn(['string'], ([text]) => s(text).toUpperCase()),
    lower: fn(['string'], ([text]) => s(text).toLowerCase()),
    clean_resource_name: fn(['string'], ([text]) => cleanResourceName(s(text))),
  };
  for (const [name, custom] of Object.entries(ctx.funcs ?? {})) {
    table[name] = {
      params: Array.from({ length: custom.length }, () => 'string' as const),
      call: (args) => custom(...args.map(s)),
    };
  }
  return table;
}
