/**
 * A loopback server speaking the start of the PostgreSQL wire protocol (v3: StartupMessage →
 * AuthenticationCleartextPassword → PasswordMessage → ErrorResponse), for answers the shared test
 * cluster (trust auth) cannot give: a wrong password, too many connections. It answers every
 * connection with the given SQLSTATE, as a real server does, and echoes the password it received
 * in the message (to check secrets are scrubbed).
 * https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP
 */
import { createServer, type Server, type Socket } from 'node:net';

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'ascii');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function errorResponse(code: string, text: string): Buffer {
  const fields = [`SFATAL`, `VFATAL`, `C${code}`, `M${text}`].map((f) => Buffer.from(`${f}\0`, 'utf8'));
  return message('E', Buffer.concat([...fields, Buffer.from([0])]));
}

function handle(socket: Socket, code: string, text: string, askPassword: boolean): void {
  let buffered = Buffer.alloc(0);
  let started = false;
  socket.on('error', () => undefined);
  socket.on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    if (!started) {
      if (buffered.length < 4 || buffered.length < buffered.readInt32BE(0)) return;
      started = true;
      buffered = buffered.subarray(buffered.readInt32BE(0));
      if (!askPassword) return void socket.end(errorResponse(code, text));
      const auth = Buffer.alloc(4);
      auth.writeInt32BE(3); // AuthenticationCleartextPassword
      socket.write(message('R', auth));
    }
    if (buffered.length < 5 || buffered.length < 1 + buffered.readInt32BE(1)) return;
    const password = buffered.subarray(5, buffered.readInt32BE(1)).toString('utf8').replace(/\0$/, '');
    socket.end(errorResponse(code, `${text} (got "${password}")`));
  });
}

/**
 * Starts the server on 127.0.0.1 and returns its port and a close function.
 *
 * @example
 * const srv = await startPgErrorServer({ code: '28P01', message: 'password authentication failed for user "junction"', askPassword: true });
 */
export async function startPgErrorServer(options: { code: string; message: string; askPassword?: boolean }): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((socket) => handle(socket, options.code, options.message, options.askPassword ?? false));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
