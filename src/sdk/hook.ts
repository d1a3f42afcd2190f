import type { Communicator } from './communicator.js';
import type { Ui } from './ui.js';

/** The hook that runs provisioners (Go: packersdk.HookProvision). */
export const HOOK_PROVISION = 'packer_provision';
/** Runs `error-cleanup-provisioner` after a provisioning error (Go: packersdk.HookCleanupProvision). */
export const HOOK_CLEANUP_PROVISION = 'packer_cleanup_provision';

/** Hook: lets Packer run provisioners at a point of the build (Go: packersdk.Hook). */
export interface Hook {
  run(
    name: string,
    ui: Ui,
    communicator: Communicator | undefined,
    data: unknown,
    signal?: AbortSignal,
  ): Promise<void>;
}
