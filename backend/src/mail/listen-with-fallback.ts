import type { AddressInfo, Server } from 'node:net';

/**
 * Listens on `port` (0: any free one); when a non-zero port is taken, on a free one instead,
 * reporting it through `onFallback`. Resolves with the port actually bound.
 */
export async function listenWithFallback(
  server: Server,
  port: number,
  host: string,
  onFallback: (wanted: number, error: NodeJS.ErrnoException) => void,
): Promise<number> {
  try {
    return await listenOnce(server, port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (port === 0 || (code !== 'EADDRINUSE' && code !== 'EACCES')) throw error;
    onFallback(port, error as NodeJS.ErrnoException);
    return listenOnce(server, 0, host);
  }
}

function listenOnce(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
