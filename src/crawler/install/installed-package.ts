/** An npm package installed in the crawler's cache, ready to run: what picking its bin and launching it need. */
import type { UntrustedRecord } from '../../hostile-text/untrusted-value.js';

export interface InstalledPackage {
  name: string;
  version: string;
  /** The package folder (`.../<name>@<version>/package`), its node_modules inside. */
  dir: string;
  /** Its package.json as published: untrusted data. */
  packageJson: UntrustedRecord;
  /** Declared bins that exist, name → absolute path, in package.json order. */
  bins: Record<string, string>;
}
