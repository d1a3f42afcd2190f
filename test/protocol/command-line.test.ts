import { describe, expect, it } from 'vitest';
import { parsePluginCommand } from '../../src/plugin/protocol/index.js';

describe('parsePluginCommand', () => {
  it('reads describe, start (with --protobuf anywhere) and the bare single-component launch', () => {
    expect(parsePluginCommand(['describe'])).toEqual({ kind: 'describe' });
    expect(parsePluginCommand(['start', 'builder', 'vm'])).toEqual({
      kind: 'start',
      component: 'builder',
      name: 'vm',
      protobuf: false,
    });
    // Packer >= 1.12 with a plugin that declared protocol_version v2.
    expect(parsePluginCommand(['start', 'builder', '--protobuf', 'vm'])).toEqual({
      kind: 'start',
      component: 'builder',
      name: 'vm',
      protobuf: true,
    });
    expect(parsePluginCommand([])).toEqual({ kind: 'single', protobuf: false });
  });

  it('explains malformed command lines', () => {
    expect(() => parsePluginCommand(['start', 'builder'])).toThrow(
      `start takes two arguments, for example 'start builder example-builder'. Found: ["builder"]`,
    );
    expect(() => parsePluginCommand(['build'])).toThrow(
      `Unknown command: "build". Packer runs this plugin as '<plugin> describe' or '<plugin> start builder <name>'; do not run it by hand`,
    );
  });
});
