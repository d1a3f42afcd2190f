/**
 * Packer's JSON-template interpolation (Go text/template with Packer's functions), as Packer
 * 1.6.6's Go builders apply it while decoding their configuration: `{{user `x`}}`,
 * `{{timestamp}}`, `{{isotime "2006-01-02"}}`, `{{ user `x` | upper }}`, trim markers, …
 * HCL2 values are interpolated too, as Go builders do (decodeConfig's `interpolate.hcl2`).
 */
import type { InterpolateContext } from './template/context.js';
import { TemplateSyntaxError } from './template/errors.js';
import { executeTemplate } from './template/exec.js';
import { templateFunctions } from './template/funcs.js';
import { parseTemplate, type ParsedTemplate } from './template/parser.js';
import { timeOrderedUuid } from './template/uuid.js';

export type { CustomTemplateFunction, InterpolateContext } from './template/context.js';
export { TemplateError, TemplateExecError, TemplateSyntaxError } from './template/errors.js';
export { formatGoTime, strftime, RFC3339 } from './template/gotime.js';
export { timeOrderedUuid } from './template/uuid.js';

/**
 * The build's clock, fixed when this module loads (Go: interpolate.InitTime), so every
 * `{{timestamp}}` and `{{isotime}}` of one plugin process agrees.
 */
export const INIT_TIME: Date = new Date();

/** A complete context: the given fields over the defaults (shared clock, random uuid, process cwd). */
export function interpolateContext(partial: Partial<InterpolateContext> = {}): InterpolateContext {
  return {
    buildName: '',
    buildType: '',
    packerVersion: '',
    templatePath: '',
    now: INIT_TIME,
    uuid: () => timeOrderedUuid(),
    cwd: () => process.cwd(),
    ...partial,
  };
}

function parse(text: string, ctx: InterpolateContext): ParsedTemplate {
  const funcs = templateFunctions(ctx);
  return parseTemplate(text, (name) => Object.prototype.hasOwnProperty.call(funcs, name));
}

/**
 * Renders one string. Throws TemplateSyntaxError / TemplateExecError with Go's wording, e.g.
 * `template: root:1: function "nope" not defined`.
 */
export function renderTemplate(text: string, context: Partial<InterpolateContext> = {}): string {
  if (!text.includes('{{')) return text;
  const ctx = interpolateContext(context);
  return executeTemplate(parse(text, ctx), templateFunctions(ctx), ctx.data);
}

/**
 * Checks that a string parses (Go validates even fields excluded from interpolation).
 * Constructs Go accepts but this engine does not implement are not reported here.
 */
export function validateTemplate(text: string, context: Partial<InterpolateContext> = {}): void {
  if (!text.includes('{{')) return;
  try {
    parse(text, interpolateContext(context));
  } catch (e) {
    if (e instanceof TemplateSyntaxError && e.unsupported) return;
    throw e;
  }
}
