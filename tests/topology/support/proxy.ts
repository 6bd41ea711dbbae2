/**
 * The reverse proxy of the self-hosting recipe, as the topology suite runs it: a certificate for
 * the public host name made with openssl in a temporary directory, and Debian's nginx running
 * `deploy/nginx/edge-sessions.conf.template` (filled in the way the official nginx image's envsubst
 * would) in the foreground as a private process (its own prefix, pid file and temp paths).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const NGINX = process.env.NGINX_BIN || '/usr/sbin/nginx';
const TEMPLATE = path.join(process.cwd(), 'deploy/nginx/edge-sessions.conf.template');

/** A self-signed certificate for `name` (subjectAltName included), valid for a day. */
export function makeCertificate(dir: string, name: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const result = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${name}`,
    '-addext', `subjectAltName=DNS:${name}`, '-keyout', key, '-out', cert,
  ], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl failed: ${result.stderr}`);
  return { cert, key };
}

/** `${EDGE_*}` placeholders only; nginx's own `$variables` stay as they are. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{(EDGE_[A-Z0-9_]+)\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for ${name}`);
    return value;
  });
}

export interface ProxyOptions {
  dir: string;
  serverName: string;
  httpsPort: number;
  httpPort: number;
  upstreams: string[];
}

export interface RunningProxy {
  publicOrigin: string;
  cert: string;
  stop(): Promise<void>;
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const { dir, serverName, httpsPort, httpPort, upstreams } = options;
  mkdirSync(path.join(dir, 'logs'), { recursive: true });
  const { cert, key } = makeCertificate(dir, serverName);
  const publicHost = httpsPort === 443 ? serverName : `${serverName}:${httpsPort}`;
  const site = fillTemplate(readFileSync(TEMPLATE, 'utf8'), {
    EDGE_SERVER_NAME: serverName,
    EDGE_PUBLIC_HOST: publicHost,
    EDGE_HTTPS_PORT: `127.0.0.1:${httpsPort}`,
    EDGE_HTTP_PORT: `127.0.0.1:${httpPort}`,
    EDGE_CERT: cert,
    EDGE_KEY: key,
    ...Object.fromEntries(upstreams.map((u, i) => [`EDGE_APP_${i + 1}`, u])),
  });
  writeFileSync(path.join(dir, 'edge-sessions.conf'), site);
  // The test's own main file around the site file. One worker, so round-robin is strict; the
  // X-Served-By header (test only) says which instance answered.
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      process.getuid?.() === 0 ? 'user root;' : '',
      'worker_processes 1;',
      'daemon off;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      `error_log ${path.join(dir, 'logs/error.log')} warn;`,
      'events { worker_connections 512; }',
      'http {',
      '  access_log off;',
      `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}`,
      '  add_header X-Served-By $upstream_addr always;',
      `  include ${path.join(dir, 'edge-sessions.conf')};`,
      '}',
    ].join('\n'),
  );
  const args = ['-p', dir, '-c', path.join(dir, 'nginx.conf')];
  const check = spawnSync(NGINX, ['-t', ...args], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
  const child: ChildProcess = spawn(NGINX, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  await waitForPort(httpsPort);
  return {
    publicOrigin: `https://${publicHost}`,
    cert,
    stop: () => stopChild(child),
  };
}

export async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const { connect } = await import('node:net');
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => (clearTimeout(timer), resolve()));
    child.kill('SIGTERM');
  });
}
