/** The SSH communicator, Packer's communicator settings and the connect steps (Go: packer-plugin-sdk/communicator). */
export { ACCEPTED_WITHOUT_EFFECT, COMMUNICATOR_TYPES, communicatorSpecEntries, type CommunicatorConfig } from './spec.js';
export { expandUser, prepareCommunicatorConfig, type PreparedCommunicatorConfig } from './config.js';
export {
  CMD_DISCONNECT,
  SSHCommunicator,
  isAuthenticationError,
  type SSHAuth,
  type SSHConnectOptions,
  type SSHError,
} from './communicator.js';
export { DEFAULT_RSA_BITS, generateKeyPair, parseKey, publicKeyLine, type KeyPair, type TemporaryKeyType } from './keys.js';
export {
  StepCleanupTempKeys,
  StepConnect,
  StepSSHKeyGen,
  formatMs,
  sshAuthMethods,
  type HostFunc,
  type PortFunc,
  type SSHState,
  type StepConnectOptions,
} from './steps.js';
