import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.ts';

export const NGINX = '/usr/sbin/nginx';
/** The site file the README tells operators to install. */
const SITE = fileURLToPath(new URL('../../../docs/deploy/nginx.conf', import.meta.url));

export interface RunningNginx {
  url: string;
  /** Ends nginx and waits until it has gone. */
  stop(): Promise<void>;
}

/**
 * Debian's nginx as a child in the foreground, serving the documented site
 * file with only its ports changed, inside the least main config nginx takes.
 * Given several ports, it balances them as the README's "Run several nodes"
 * says: an `upstream` with `ip_hash`, and `proxy_pass` to it.
 */
export async function startNginx(upstreamPort: number | number[]): Promise<RunningNginx> {
  if (!existsSync(NGINX)) throw new Error(`nginx is not installed at ${NGINX}: run \`apt-get install nginx\` (this test never skips).`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bugday-nginx-'));
  // Started as root, nginx runs its worker as nobody, which must reach the temp folders in here.
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'bugday.conf'), site(port, upstreamPort));
  writeFileSync(join(dir, 'nginx.conf'), mainConfig(dir));
  const child = spawn(NGINX, ['-e', 'stderr', '-p', dir, '-c', join(dir, 'nginx.conf'), '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      // The master has bound the port before it starts a worker.
      if (/start worker process \d+/.test(log)) resolve();
    });
    child.once('error', reject);
    void exited.then(() => reject(new Error(`nginx exited before it was up:\n${log}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The documented site with the test's ports: each line it changes must still be there, word for word. */
function site(port: number, upstream: number | number[]): string {
  const ports = typeof upstream === 'number' ? undefined : upstream;
  const changes: Array<[string, string]> = [
    ['listen 80;', `listen 127.0.0.1:${port};`],
    // Not every test machine has IPv6; the test clients use IPv4.
    ['listen [::]:80;', ''],
    ['proxy_pass http://127.0.0.1:3000;', ports ? 'proxy_pass http://bugday;' : `proxy_pass http://127.0.0.1:${upstream as number};`],
  ];
  let text = readFileSync(SITE, 'utf8');
  if (ports) text = `upstream bugday {\n    ip_hash;\n${ports.map((p) => `    server 127.0.0.1:${p};\n`).join('')}}\n${text}`;
  for (const [from, to] of changes) {
    if (!text.includes(from)) throw new Error(`docs/deploy/nginx.conf no longer says "${from}": change this test with it`);
    text = text.replace(from, to);
  }
  return text;
}

/** What Debian's /etc/nginx/nginx.conf gives the site, with every path inside `dir`. */
const mainConfig = (dir: string) => `
worker_processes 1;
error_log stderr notice;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/bugday.conf;
}
`;

