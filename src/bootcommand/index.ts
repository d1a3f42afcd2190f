/** Boot commands (Go: packer-plugin-sdk/bootcommand). */
export * from './parser.js';
export * from './config.js';
export * from './driver.js';
