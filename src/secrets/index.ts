/** Secret masking: register secret values once, redact them from everything written. */
export { REDACTED, registerSecrets, redact, hasSecrets, clearSecrets } from './redact.js';
export { secretForms } from './forms.js';
export { installOutputRedaction, redactChunk, redactStream } from './output.js';
