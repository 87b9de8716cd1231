/**
 * The single Electron IPC channel every contract message travels on. Main and the preload both import it,
 * so neither side can drift to a second, unchecked channel.
 */
export const TERN_RPC_CHANNEL = 'tern:rpc';
