import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG_FILE_SIZE, listTree, sha256Of, writeRandomFile } from './big-file.js';
import { allPackers } from './packers.js';
import { makeWorkspace, removeBundles, runPacker, show, tmpLeftovers, type Workspace } from './workspace.js';

afterAll(removeBundles);

describe.each(allPackers())('Packer $version: file provisioner through our Communicator', (p) => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await makeWorkspace(p);
  });
  afterAll(() => ws?.cleanup());

  it('uploads and downloads a 50 MB file and directories intact', async () => {
    const bigHash = await writeRandomFile(join(ws.root, 'big.bin'), BIG_FILE_SIZE);
    mkdirSync(join(ws.root, 'tree/sub'), { recursive: true });
    writeFileSync(join(ws.root, 'tree/a.txt'), 'file a\n');
    writeFileSync(join(ws.root, 'tree/sub/b.txt'), 'file b\n');
    const template = ws.file(
      'files.pkr.hcl',
      `source "tsb" "f" {
  message    = "files"
  root_dir   = "${ws.root}/machines"
  output_dir = "${ws.root}/out"
}
build {
  sources = ["source.tsb.f"]
  provisioner "file" {
    source      = "${ws.root}/big.bin"
    destination = "big.bin"
  }
  provisioner "file" {
    source      = "${ws.root}/tree/"
    destination = "contents"
  }
  provisioner "file" {
    source      = "${ws.root}/tree"
    destination = "itself"
  }
  provisioner "shell" {
    inline = ["sha256sum big.bin", "find contents itself -type f | sort", "cat contents/sub/b.txt"]
  }
  provisioner "file" {
    direction   = "download"
    source      = "big.bin"
    destination = "${ws.root}/down/big.bin"
  }
  provisioner "file" {
    direction   = "download"
    source      = "contents/"
    destination = "${ws.root}/downtree/"
  }
}
`,
    );
    const run = await runPacker(ws, ['build', '-color=false', template], { timeoutMs: 300_000 });
    expect(run.code, show(run)).toBe(0);
    const out = run.stdout;
    expect(out).toContain(`tsb.f: ${bigHash}  big.bin`);
    expect(out).toContain('tsb.f: contents/a.txt');
    expect(out).toContain('tsb.f: contents/sub/b.txt');
    expect(out).toContain('tsb.f: itself/tree/a.txt');
    expect(out).toContain('tsb.f: itself/tree/sub/b.txt');
    expect(out).toContain('tsb.f: file b');
    expect(await sha256Of(join(ws.root, 'down/big.bin'))).toBe(bigHash);
    expect(listTree(join(ws.root, 'downtree')).sort()).toEqual(['a.txt', 'sub/b.txt']);
    expect(readFileSync(join(ws.root, 'downtree/sub/b.txt'), 'utf8')).toBe('file b\n');
    expect(tmpLeftovers(ws)).toEqual([]);
  }, 300_000);
});
