// Stands in for the `generator-packer-builder` package when tests evaluate generated spec modules.
export * from '../../src/index.js';
