/**
 * (d) StepHTTPServer: serves http_directory / http_content while the build runs and is gone after
 * cleanup; pitfall H1 (which address it listens on, and what `{{ .HTTPIP }}` / PackerHTTPAddr say).
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderBootCommand } from '../../src/bootcommand/config.js';
import { prepareHTTPConfig, type HTTPConfig } from '../../src/commonsteps/http-config.js';
import { httpServerOptionsFromConfig, StepHTTPServer } from '../../src/commonsteps/step-http-server.js';
import { StateBag, type BaseState } from '../../src/multistep/state-bag.js';
import { populateProvisionHookData } from '../../src/multistep/step-provision.js';
import { RecordingUi } from '../multistep/fakes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vm-http-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function freePort(host = '127.0.0.1'): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, host, r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}
const newState = () => {
  const ui = new RecordingUi();
  return { ui, state: new StateBag<BaseState>({ ui }) };
};
const get = async (url: string) => {
  const r = await fetch(url);
  return { status: r.status, body: await r.text() };
};

describe('StepHTTPServer', () => {
  it('serves http_directory during the build (files, index.html, 404, no escape) and is gone after cleanup', async () => {
    writeFileSync(join(dir, 'preseed.cfg'), 'd-i debian-installer/locale string en_US\n');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'index.html'), '<p>sub</p>');
    const port = await freePort();
    const { ui, state } = newState();
    const step = new StepHTTPServer({ httpDirectory: dir, httpBindAddress: '127.0.0.1', httpPortMin: port, httpPortMax: port });
    expect(await step.run(state, new AbortController().signal)).toBe('continue');
    expect(ui.events).toEqual([`say: Starting HTTP server on port ${port}`]);
    expect(state.get('http_port')).toBe(port);
    const url = `http://127.0.0.1:${port}`;
    expect(await get(`${url}/preseed.cfg`)).toEqual({ status: 200, body: 'd-i debian-installer/locale string en_US\n' });
    expect(await get(`${url}/sub/`)).toEqual({ status: 200, body: '<p>sub</p>' });
    expect((await get(`${url}/nope`)).status).toBe(404);
    expect((await get(`${url}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
    await step.cleanup(state);
    await expect(fetch(`${url}/preseed.cfg`)).rejects.toThrow();
  });

  it('serves http_content from memory; an unknown path is 404 naming it', async () => {
    const { state } = newState();
    const c: HTTPConfig = { httpContent: { '/ks.cfg': 'text\n', '/a/b.txt': 'b' }, httpBindAddress: '127.0.0.1' };
    expect(prepareHTTPConfig(c)).toEqual([]);
    const step = new StepHTTPServer(httpServerOptionsFromConfig(c));
    await step.run(state, new AbortController().signal);
    const port = state.get('http_port') as number;
    expect(port).toBeGreaterThanOrEqual(8000);
    expect(port).toBeLessThanOrEqual(9000);
    expect(await get(`http://127.0.0.1:${port}/ks.cfg`)).toEqual({ status: 200, body: 'text\n' });
    expect(await get(`http://127.0.0.1:${port}/a/b.txt`)).toEqual({ status: 200, body: 'b' });
    expect(await get(`http://127.0.0.1:${port}/x`)).toEqual({ status: 404, body: '/x not found.\n' });
    await step.cleanup(state);
  });

  it('nothing to serve: no server, http_port 0 (Go)', async () => {
    const { state } = newState();
    expect(await new StepHTTPServer({}).run(state, new AbortController().signal)).toBe('continue');
    expect(state.get('http_port')).toBe(0);
  });

  it('a missing directory and a taken one-port range are errors with Go\'s texts', async () => {
    const { state, ui } = newState();
    expect(await new StepHTTPServer({ httpDirectory: join(dir, 'missing') }).run(state, new AbortController().signal)).toBe('halt');
    expect(state.get('error')?.message).toMatch(/^Error finding ".*missing": ENOENT/);
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    try {
      const s2 = newState();
      const step = new StepHTTPServer({ httpDirectory: dir, httpBindAddress: '127.0.0.1', httpPortMin: port, httpPortMax: port });
      expect(await step.run(s2.state, new AbortController().signal)).toBe('halt');
      expect(s2.state.get('error')?.message).toMatch(/^Error finding port: listen EADDRINUSE/);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    expect(ui.events[0]).toMatch(/^error: Error finding/);
  });

  it('H1: bound to a second local address with a one-port range, only that address listens, and HTTPIP renders it', async () => {
    const port = await freePort('127.0.0.2');
    const { state } = newState();
    const step = new StepHTTPServer({ httpContent: { '/x': 'x' }, httpBindAddress: '127.0.0.2', httpPortMin: port, httpPortMax: port });
    await step.run(state, new AbortController().signal);
    try {
      expect(state.get('http_ip')).toBe('127.0.0.2');
      expect((await get(`http://127.0.0.2:${port}/x`)).body).toBe('x');
      await expect(fetch(`http://127.0.0.1:${port}/x`)).rejects.toThrow();
      const events = renderBootCommand(['http://{{ .HTTPIP }}:{{ .HTTPPort }}/x<enter>'], { HTTPIP: state.get('http_ip'), HTTPPort: state.get('http_port') });
      const typed = events.map((e) => (e.kind === 'char' ? e.char : `<${e.kind === 'special' ? e.key : 'wait'}>`)).join('');
      expect(typed).toBe(`http://127.0.0.2:${port}/x<enter>`);
      const hook = populateProvisionHookData(state);
      expect(hook).toMatchObject({ PackerHTTPIP: '127.0.0.2', PackerHTTPPort: String(port), PackerHTTPAddr: `127.0.0.2:${port}` });
    } finally {
      await step.cleanup(state);
    }
  });

  it('H1: on 0.0.0.0 the machine-facing IP is unknown unless the builder gives it (PackerHTTPAddr says so)', async () => {
    const a = newState();
    const wild = new StepHTTPServer({ httpContent: { '/x': 'x' } });
    await wild.run(a.state, new AbortController().signal);
    expect(a.state.has('http_ip')).toBe(false);
    expect(populateProvisionHookData(a.state)).toMatchObject({ PackerHTTPAddr: 'ERR_HTTP_ADDR_NOT_IMPLEMENTED_BY_BUILDER' });
    await wild.cleanup(a.state);
    const b = newState();
    const known = new StepHTTPServer({ httpContent: { '/x': 'x' }, httpIP: '10.0.2.2' });
    await known.run(b.state, new AbortController().signal);
    expect(populateProvisionHookData(b.state)).toMatchObject({ PackerHTTPAddr: `10.0.2.2:${b.state.get('http_port')}` });
    await known.cleanup(b.state);
  });

  it('prepareHTTPConfig: Go defaults and messages', () => {
    const c: HTTPConfig = {};
    expect(prepareHTTPConfig(c)).toEqual([]);
    expect(c).toEqual({ httpPortMin: 8000, httpPortMax: 9000, httpBindAddress: '0.0.0.0', httpNetworkProtocol: 'tcp' });
    expect(prepareHTTPConfig({ httpPortMin: 9001, httpPortMax: 9000 })).toEqual(['http_port_min must be less than http_port_max']);
    expect(prepareHTTPConfig({ httpNetworkProtocol: 'udp' })).toEqual(['http_network_protocol is invalid. Must be one of: [tcp tcp4 tcp6 unix unixpacket]']);
    expect(prepareHTTPConfig({ httpDirectory: 'd', httpContent: { '/a': 'b' } })[0]).toMatch(/^http_content cannot be used in conjunction with http_dir/);
  });
});
