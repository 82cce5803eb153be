import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A response as GitHub gave it: tests/fixtures/github/*.json. `{api}` and `{other}` in a header stand for the fake hosts. */
export interface Recorded {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface Request {
  url: URL;
  headers: IncomingHttpHeaders;
}

export interface FakeHost {
  url: string;
  /** Every request it was sent, oldest first. */
  readonly requests: Request[];
  close(): Promise<void>;
}

const FIXTURES = new URL('../../fixtures/github/', import.meta.url);

export function recorded(name: string): Recorded {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Recorded;
}

/** A local HTTP server answering each request with what `answer` picks; placeholders in headers are filled in with `bases`. */
export async function fakeHost(answer: (request: Request) => Recorded | Promise<Recorded>, bases: () => Record<string, string> = () => ({})): Promise<FakeHost> {
  const requests: Request[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const request = { url: new URL(req.url!, `http://${req.headers.host}`), headers: req.headers };
    requests.push(request);
    void Promise.resolve(answer(request)).then(({ status, headers, body }) => {
      const filled = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, fill(value, bases())]));
      res.writeHead(status, filled);
      res.end(body === undefined ? undefined : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const fill = (value: string, bases: Record<string, string>) => value.replace(/\{(\w+)\}/g, (whole, name: string) => bases[name] ?? whole);

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
