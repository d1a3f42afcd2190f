/** Go net/rpc over ugorji msgpack (the RPC layer of Packer's plugin protocol). */
export * from './codec.js';
export { RpcClient, RpcError, ERR_SHUTDOWN } from './client.js';
export { RpcServer, type RpcHandler, type RpcResolver } from './server.js';
