/**
 * The browser tests' server port: the preferred one when nothing listens on it
 * (on 127.0.0.1 or ::1, the addresses `localhost` names), else a free one.
 *
 * Playwright reads its configuration synchronously, so `choosePort` asks a
 * short child process (this file run by node) that tries to listen.
 */
const { execFileSync } = require('child_process');
const net = require('net');

/** Listen on host:port, then close; resolve the port, or null when it is taken. */
function tryListen(host, port) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', error =>
      // No IPv6 on this machine: nothing can hold ::1 either.
      resolve(
        error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT'
          ? port
          : null
      )
    );
    server.listen({ host, port, exclusive: true }, () => {
      const chosen = server.address().port;
      server.close(() => resolve(chosen));
    });
  });
}

/** Whether port is free on both loopback addresses; 0 asks the system for one. */
async function freeOnLoopback(port) {
  const v4 = await tryListen('127.0.0.1', port);
  if (v4 === null) {
    return null;
  }
  return (await tryListen('::1', v4)) === null ? null : v4;
}

async function probe(preferred) {
  if ((await freeOnLoopback(preferred)) !== null) {
    return preferred;
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freeOnLoopback(0);
    if (port !== null) {
      return port;
    }
  }
  throw new Error('no free TCP port on loopback');
}

/** The preferred port if free on loopback, else a free port the system gives. */
function choosePort(preferred) {
  const out = execFileSync(process.execPath, [__filename, String(preferred)], {
    encoding: 'utf-8'
  });
  return Number(out.trim());
}

if (require.main === module) {
  probe(Number(process.argv[2])).then(
    port => console.log(port),
    error => {
      console.error(error.message);
      process.exit(1);
    }
  );
}

module.exports = { choosePort };
