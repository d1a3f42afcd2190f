/**
 * Go `os.FileMode` bits as they travel in Packer's FileInfo (`M`), and what the local
 * communicator makes of them.
 */

/** Go's ModeType: the bits that mark a non-regular file (dir, symlink, pipe, socket, device, irregular). */
export const GO_MODE_TYPE =
  (0x80000000 | 0x08000000 | 0x02000000 | 0x01000000 | 0x04000000 | 0x00200000 | 0x00080000) >>> 0;

/** Go's ModePerm (0o777). */
export const GO_MODE_PERM = 0o777;

/** Whether a Go FileMode describes a regular file (Go: Mode().IsRegular()). */
export function isGoRegular(mode: number): boolean {
  return ((mode >>> 0) & GO_MODE_TYPE) === 0;
}

/** The permission bits of a Go FileMode (Go: Mode().Perm()). */
export function goPerm(mode: number): number {
  return (mode >>> 0) & GO_MODE_PERM;
}
