// Module resolution hook (node:module register): when @digitalcredentials/verifier-core
// imports its document loader package, hand it lib/dcc-loader-shim.mjs instead. verifier-core
// builds its loader once, at import time, with `fetchRemoteContexts: true` and offers no
// option to pass another one; this is the only way to give it ours.
const TARGET = '@digitalcredentials/security-document-loader';
const SHIM = new URL('./dcc-loader-shim.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if(specifier === TARGET &&
    (context.parentURL || '').includes('/@digitalcredentials/verifier-core/')) {
    return {url: SHIM, shortCircuit: true};
  }
  return nextResolve(specifier, context);
}
