// A tiny JSON-friendly HTTP server on 127.0.0.1 and a random free port, for the simulated services.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  body: unknown;
  /** Content type; JSON unless the body is a string. */
  type?: string;
}

/** `'drop'` closes the connection without answering, as a stopped container's port does. */
export type Handler = (req: { method: string; url: URL; body: string; headers: Record<string, string | string[] | undefined> }) => Reply | 'drop' | Promise<Reply | 'drop'>;

export interface Listening {
  server: Server;
  url: string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function listen(handler: Handler): Promise<Listening> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        const reply = await handler({ method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://127.0.0.1'), body, headers: req.headers });
        if (reply === 'drop') {
          req.socket.destroy();
          return;
        }
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'content-type': reply.type ?? (typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json') });
        res.end(text);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`sandbox error: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  });
  // Keep-alive sockets would hold stop() open; the sandbox answers one request per connection.
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
