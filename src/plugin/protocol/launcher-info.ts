/** Which Packer launched this plugin process, as far as the wire protocol is concerned. */
export interface LauncherInfo {
  /** `v4`: 3-part handshake line (Packer <= 1.6); `v5`: 4-part line with API minor (Packer >= 1.7). */
  handshake: 'v4' | 'v5';
  /** gob interface name to use for a nested `hcldec.ObjectSpec` in `Builder.ConfigSpec`. */
  objectSpecName: string;
  /** How the decision was made, for the plugin's log (stderr). */
  source: string;
}
