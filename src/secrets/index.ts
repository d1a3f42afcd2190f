/** Secret masking: register secret values once, redact them from everything written. */
export { REDACTED, registerSecrets, redact, hasSecrets, clearSecrets } from './redact.js';
