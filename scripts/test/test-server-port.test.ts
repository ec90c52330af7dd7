import net from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The port freePort() hands out can be taken before the server binds it; the first start must
// then move to another port instead of failing the whole file.
// It accepts connections and never answers, the worst a stranger on the port can do.
const sockets = new Set<net.Socket>();
const taken = net.createServer((socket) => sockets.add(socket));
const takenPort = await new Promise<number>((resolve) =>
  taken.listen(0, '127.0.0.1', () => resolve((taken.address() as net.AddressInfo).port)),
);

vi.mock('../src/testing/free-port.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/testing/free-port.js')>();
  let calls = 0;
  // The first port asked for is one another process already listens on.
  return { freePort: async () => (calls++ === 0 ? takenPort : real.freePort()) };
});

const { startTestServer } = await import('../src/testing/test-server.js');

describe('startTestServer', () => {
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((r) => taken.close(() => r()));
  });

  it('starts on another port when the one it was given is taken before the server binds it', async () => {
    const server = await startTestServer();
    try {
      expect(server.port).not.toBe(takenPort);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect((await fetch(`${server.url}/healthz`)).ok).toBe(true);
    } finally {
      await server.dispose();
    }
  }, 60_000);
});
