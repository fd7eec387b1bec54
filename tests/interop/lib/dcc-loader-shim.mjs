// Stands in for @digitalcredentials/security-document-loader inside verifier-core (see
// dcc-hooks.mjs). The mode is fixed per process by OBK_DCC_LOADER, because jsonld.js caches
// resolved contexts process-wide by URL, so switching loaders within a process would mix them:
//   'ours' (default) - the offline loader over openbadge_kit's bundled contexts (+ caller
//                      documents);
//   'dcc'  - DCC's own loader with its own bundled contexts and did:key/did:web resolver,
//            built WITHOUT remote fetching (and the process has no network anyway).
import {securityLoader as dccSecurityLoader} from
  '@digitalcredentials/security-document-loader';

import {offlineLoader} from './loader.mjs';

export const MODE = process.env.OBK_DCC_LOADER || 'ours';
if(MODE !== 'ours' && MODE !== 'dcc') {
  throw new TypeError(`OBK_DCC_LOADER="${MODE}": use "ours" or "dcc"`);
}

let current = {extra: {}, log: null};
let dccLoader = null;

/** Documents and URL log for the next verification: {mode, extra, log}. */
export function useLoader({mode = 'ours', extra = {}, log = null} = {}) {
  if(mode !== MODE) {
    throw new TypeError(`this process runs verifier-core with the "${MODE}" loader, ` +
      `not "${mode}" (set OBK_DCC_LOADER)`);
  }
  current = {extra, log};
}

export function securityLoader() {
  return {
    build() {
      return async function documentLoader(url) {
        if(MODE === 'dcc') {
          if(current.log) {
            current.log.push(url);
          }
          dccLoader ??= dccSecurityLoader({fetchRemoteContexts: false}).build();
          return dccLoader(url);
        }
        return offlineLoader({extra: current.extra, log: current.log})(url);
      };
    }
  };
}
