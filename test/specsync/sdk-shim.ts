// Stands in for the `generator-packer-builder` package when tests evaluate generated spec modules.
export { cty } from '../../src/hcl/cty.js';
export { spec, type ObjectSpec } from '../../src/hcl/spec.js';
export { commonSpecEntries } from '../../src/config/common.js';
export { communicatorSpecEntries } from '../../src/communicator/ssh/spec.js';
