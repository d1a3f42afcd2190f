/**
 * A Go-style duration string (`300ms`, `5m`, `1h30m`). Config fields of this type are
 * checked by the decoder and documented as durations by regenerate-spec.
 */
export type Duration = string & { readonly __packerDuration?: never };
