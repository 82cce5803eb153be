import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Foreground } from './foreground.ts';
import { freePort } from './free-port.ts';

export const NGIRCD = '/usr/sbin/ngircd';

export interface RunningNgircd {
  port: number;
  /** Ends ngircd (SIGTERM) and waits until it has gone. */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port, as a restarted IRC server. */
  restart(): Promise<void>;
  /** Ends it for good and removes its folder. */
  close(): Promise<void>;
}

/** Debian's ngircd in the foreground on a free port, with a config written here: no DNS, ident or PAM, so a local client is in at once. */
export async function startNgircd(): Promise<RunningNgircd> {
  if (!existsSync(NGIRCD)) throw new Error(`ngircd is not installed at ${NGIRCD}: run \`apt-get install ngircd\` (this test never skips).`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bugday-ngircd-'));
  const configFile = join(dir, 'ngircd.conf');
  writeFileSync(configFile, config(port));
  const server = new Foreground('ngircd', NGIRCD, ['--nodaemon', '--config', configFile], (log) => /Server "[^"]+" \(on "[^"]*"\) ready\./.test(log));
  const start = () => server.start();
  const stop = () => server.stop();
  await start();
  return {
    port,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function config(port: number): string {
  return `[Global]
Name = irc.bugday.test
Info = bugday test server
AdminInfo1 = bugday tests
AdminInfo2 = localhost
AdminEMail = nobody@localhost
Listen = 127.0.0.1
Ports = ${port}
MotdPhrase = bugday test server
[Limits]
MaxNickLength = 30
[Options]
PAM = no
Ident = no
DNS = no
`;
}
