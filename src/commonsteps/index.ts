/** The SDK's common VM-builder parts (Go: packer-plugin-sdk/multistep/commonsteps). */
export * from './checksum.js';
export * from './iso-config.js';
export * from './step-download.js';
export * from './http-config.js';
export * from './step-http-server.js';
export * from './cd-floppy-config.js';
export * from './step-create-media.js';
export * from './output-dir.js';
export { globSync, hasGlobMeta } from './glob.js';
