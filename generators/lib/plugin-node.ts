/**
 * How a generated plugin's Node runs: the flags its installed forms start Node with, and how its
 * bundle is minified. Rendered into the plugin's `scripts/build.mjs` (the single executable's
 * `execArgv`, the bundle's esbuild options) and `scripts/install-plugin.mjs` (the launcher line of
 * an installed bundle); `bench/upload-ssh.mjs` builds its plugin with the same values.
 *
 * Why (issue 11, measured in bench/README.md "SSH upload memory"): a 1 GiB upload over SSH peaked
 * at 108–122 MB with Node's defaults and 71–75 MB with these, at the same throughput. The plugin
 * is I/O bound: its hot path is ssh2's packet framing and Node's native ciphers, where V8's
 * top tier buys nothing measurable, while its code and zones cost about 10 MB.
 */

/**
 * Node flags of every installed form of a generated plugin (the executable's `execArgv`, the
 * bundle's launcher line). Each one, measured on a 1 GiB SSH upload (peak RSS, VmHWM):
 * - `--max-semi-space-size=1`: V8's young generation stays at 1 MiB per semi-space, so the
 *   ArrayBuffers of ssh2's per-packet buffers die at the next scavenge instead of piling up
 *   (default: up to 16 MiB; about −25 MB);
 * - `--single-threaded`: no V8 worker threads, so no per-thread malloc arenas (about −3 MB);
 * - `--no-turbofan`: Maglev stays the top tier; TurboFan's code and zones are never touched
 *   (about −5 MB, no measurable loss of upload throughput).
 * A plugin author who needs the top tier (CPU-heavy JavaScript) removes the flag in
 * `scripts/build.mjs` and `scripts/install-plugin.mjs`.
 */
export const PLUGIN_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--single-threaded', '--no-turbofan'];

/**
 * esbuild's minify options for a plugin's bundle: whitespace and syntax only. The heap holds the
 * source of every function (V8 compiles lazily from it), so less text is less memory (about
 * −3 MB on the SSH test plugin) and a faster parse; identifiers keep their names, so stack traces
 * in Packer's log still name the functions.
 */
export const PLUGIN_BUNDLE_MINIFY = { minifyWhitespace: true, minifySyntax: true } as const;
