/**
 * One write per tick on the SSH connection's socket.
 *
 * ssh2 hands each encrypted packet to the socket in pieces: for AES-GCM (its default cipher
 * without its native binding, which a bundle cannot load) the 4-byte length, the ciphertext and
 * the 16-byte tag, three `write()` calls, so three syscalls and TCP segments per 32 KiB packet.
 * Go's x/crypto/ssh writes each packet once. Corking the socket for the rest of the current tick
 * gathers everything ssh2 writes in it into one `writev` (Node's `Socket#_writev`): on a 512 MiB
 * scp upload through Packer (bench/upload-ssh.mjs) the plugin's CPU time fell from 10.1 s to
 * 9.5 s and the throughput rose from 0.77x to 0.88x Go's, in the same runs.
 */
import type { Socket } from 'node:net';

/**
 * Makes `socket.write` cork the socket on the first write of a tick and uncork it on the next
 * `process.nextTick`, so the tick's writes leave in one `writev` syscall. Order, callbacks,
 * back-pressure (`write()`'s return value, 'drain') and errors are Node's own. Returns `socket`.
 */
export function coalesceWrites(socket: Socket): Socket {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    socket.uncork();
  };
  socket.write = ((...args: unknown[]): boolean => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    return write(...args);
  }) as Socket['write'];
  return socket;
}
