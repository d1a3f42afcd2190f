/** Configuration decoding for Packer builders: payloads, interpolation, checks, errors. */
export { decodeConfig, type DecodeOptions, type DecodeResult, type InterpolateOptions } from './decode.js';
export { ConfigError, formatMultiError, type ConfigProblem } from './error.js';
export { DURATION_EXAMPLES, DurationError, parseDuration, parseDurationNanos } from './duration.js';
export {
  INIT_TIME,
  interpolateContext,
  renderTemplate,
  validateTemplate,
  formatGoTime,
  strftime,
  RFC3339,
  timeOrderedUuid,
  TemplateError,
  TemplateExecError,
  TemplateSyntaxError,
  type CustomTemplateFunction,
  type InterpolateContext,
} from './interpolate.js';
export { commonSpecEntries, type OnErrorMode, type PackerCommonConfig } from './common.js';
