// Types of the ssh2 modules that src/communicator/ssh/ssh2-parts.ts loads by path (ssh2 1.x has no
// "exports" map; its index also loads its HTTP agents and server, which a builder never uses).
declare module 'ssh2/lib/client.js' {
  import { Client } from 'ssh2';
  export = Client;
}
declare module 'ssh2/lib/keygen.js' {
  import { utils } from 'ssh2';
  export const generateKeyPair: typeof utils.generateKeyPair;
}
declare module 'ssh2/lib/protocol/keyParser.js' {
  import { utils } from 'ssh2';
  export const parseKey: typeof utils.parseKey;
}
