/** Errors of the template engine, worded like Go's text/template (`template: root:1: ...`). */

/** The template name Packer uses (`template.New("root")`). */
export const TEMPLATE_NAME = 'root';

/** Base class: `message` is the complete Go-style text. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** The template does not parse (Go: `template: root:LINE: MESSAGE`). */
export class TemplateSyntaxError extends TemplateError {
  /**
   * True when Go would accept the template but this engine does not implement the construct
   * (`if`, `range`, variables, Go builtins like `printf`).
   */
  readonly unsupported: boolean;

  constructor(detail: string, line: number, unsupported = false) {
    super(`template: ${TEMPLATE_NAME}:${line}: ${detail}`);
    this.name = 'TemplateSyntaxError';
    this.unsupported = unsupported;
  }
}

/** Executing the template failed (Go: `template: root:LINE:COL: executing "root" at <NODE>: MESSAGE`). */
export class TemplateExecError extends TemplateError {
  constructor(location: string, context: string, detail: string) {
    super(`template: ${location}: executing "${TEMPLATE_NAME}" at <${context}>: ${detail}`);
    this.name = 'TemplateExecError';
  }
}
