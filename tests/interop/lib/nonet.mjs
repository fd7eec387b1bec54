// Belt and braces: the interop scripts must never use the network. Importing this module
// makes every outgoing connection attempt (fetch, http(s), raw sockets) throw in-process.
import net from 'node:net';

function refuse(what) {
  return function() {
    throw new Error(`interop scripts are offline: refused ${what}`);
  };
}

globalThis.fetch = refuse('fetch()');
net.Socket.prototype.connect = refuse('a socket connection');
net.connect = refuse('net.connect()');
net.createConnection = refuse('net.createConnection()');
