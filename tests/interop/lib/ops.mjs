// The operations the interop scripts offer; each takes a plain JSON request and resolves to
// a plain JSON answer (never throws for a bad document: the error goes into the answer).
import './nonet.mjs';

import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as jose from 'jose';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from
  '@digitalbazaar/ed25519-verification-key-2020';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

import {offlineLoader} from './loader.mjs';
import {register} from 'node:module';


export const SUITES = ['eddsa-rdfc-2022', 'Ed25519Signature2020'];
export const JWT_ALGS = ['RS256', 'ES256', 'EdDSA'];

/** A JSON-friendly description of an error, nested errors included. */
export function errorInfo(error) {
  if(error === undefined || error === null) {
    return null;
  }
  if(!(error instanceof Error) && typeof error !== 'object') {
    return {name: 'Error', message: String(error)};
  }
  const info = {name: error.name || 'Error', message: String(error.message || error)};
  // jsonld.js wraps loader failures in `details.cause`; jsigs collects `errors`
  const nested = [...(Array.isArray(error.errors) ? error.errors : [])];
  for(const cause of [error.cause, error.details?.cause]) {
    if(cause) {
      nested.push(cause);
    }
  }
  if(nested.length) {
    info.errors = nested.map(errorInfo);
  }
  return info;
}

/** Every message in an error tree, depth first (handy for asserting on reasons). */
function messages(info, out = []) {
  if(info) {
    out.push(info.message);
    for(const child of info.errors || []) {
      messages(child, out);
    }
  }
  return out;
}

function seedBytes(seedHex) {
  if(typeof seedHex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(seedHex)) {
    throw new TypeError('seed must be 64 hex characters (32 bytes)');
  }
  return Uint8Array.from(Buffer.from(seedHex, 'hex'));
}

/** The did:key, its verification method id and public Multikey for a seed. */
export async function keyInfo({seed}) {
  const key = await Ed25519Multikey.generate({seed: seedBytes(seed)});
  const did = `did:key:${key.publicKeyMultibase}`;
  return {
    ok: true,
    did,
    verificationMethod: `${did}#${key.publicKeyMultibase}`,
    publicKeyMultibase: key.publicKeyMultibase
  };
}

/**
 * Sign an unsigned credential with Digital Bazaar's @digitalbazaar/vc.
 * request: {credential, suite, seed (hex), created?, verificationMethod?, controller?, extra?}
 * The key's controller defaults to the did:key of the seed; `verificationMethod` then
 * defaults to `<controller>#<publicKeyMultibase>`.
 */
export async function sign(request) {
  try {
    const {credential, suite: suiteName = 'eddsa-rdfc-2022', created, extra} = request;
    if(!credential || typeof credential !== 'object') {
      throw new TypeError('"credential" must be a JSON object');
    }
    const seed = seedBytes(request.seed);
    const probe = await Ed25519Multikey.generate({seed});
    const controller = request.controller || `did:key:${probe.publicKeyMultibase}`;
    const id = request.verificationMethod ||
      `${controller}#${probe.publicKeyMultibase}`;
    const date = created ?? null;
    let suite;
    if(suiteName === 'eddsa-rdfc-2022') {
      const key = await Ed25519Multikey.generate({seed, id, controller});
      suite = new DataIntegrityProof({
        signer: key.signer(), cryptosuite: eddsaRdfc2022CryptoSuite,
        date: date === null ? undefined : date
      });
    } else if(suiteName === 'Ed25519Signature2020') {
      const key = await Ed25519VerificationKey2020.generate({seed, id, controller});
      suite = new Ed25519Signature2020({key, date: date === null ? undefined : date});
    } else {
      throw new TypeError(`unknown suite "${suiteName}" (use ${SUITES.join(' or ')})`);
    }
    const document = await vc.issue({
      credential: structuredClone(credential), suite,
      documentLoader: offlineLoader({extra}),
      now: request.now
    });
    return {ok: true, document};
  } catch(e) {
    return {ok: false, error: errorInfo(e)};
  }
}

/**
 * Verify a signed credential with @digitalbazaar/vc (both suites accepted).
 * request: {credential, now?, extra?, ignoreStatus?}; answer: {verified, errors: [messages],
 * proofs: [{type, cryptosuite, verificationMethod, verified, error}], loaded: [urls]}
 */
export async function verify(request) {
  const log = [];
  try {
    const {credential, now, extra, ignoreStatus = false} = request;
    const suite = [
      new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite}),
      new Ed25519Signature2020()
    ];
    const result = await vc.verifyCredential({
      credential, suite, now,
      documentLoader: offlineLoader({extra, log}),
      // status lists are not what these tests are about; without this @digitalbazaar/vc
      // refuses any credential that has a credentialStatus
      ...(ignoreStatus ? {checkStatus: async () => ({verified: true})} : {})
    });
    const proofs = (result.results || []).map(r => ({
      type: r.proof?.type ?? null,
      cryptosuite: r.proof?.cryptosuite ?? null,
      verificationMethod: r.proof?.verificationMethod ?? null,
      verified: Boolean(r.verified),
      error: errorInfo(r.error)
    }));
    const error = errorInfo(result.error);
    const errors = messages(error);
    for(const p of proofs) {
      messages(p.error, errors);
    }
    return {verified: Boolean(result.verified), errors, error, proofs, loaded: log};
  } catch(e) {
    const error = errorInfo(e);
    return {verified: false, errors: messages(error), error, proofs: [], loaded: log};
  }
}

let _dcc = null;

/** verifier-core and the switch of its document loader, imported once, lazily. */
async function dccVerifier() {
  if(!_dcc) {
    register('./dcc-hooks.mjs', import.meta.url);
    const core = await import('@digitalcredentials/verifier-core');
    const shim = await import('./dcc-loader-shim.mjs');
    _dcc = {verifyCredential: core.verifyCredential, useLoader: shim.useLoader};
  }
  return _dcc;
}

/**
 * Verify with the DCC verifier (@digitalcredentials/verifier-core), offline.
 * request: {credential, loader?: 'ours' | 'dcc', extra?}
 * answer: {verified, errors: [{name, message}], log: [{id, valid}], loaded: [urls]}
 * `verified` means: no fatal error and the `valid_signature` step passed. verifier-core
 * has no clock option: dates are checked against the real time.
 */
export async function dccVerify({credential, loader = 'ours', extra}) {
  const log = [];
  try {
    const dcc = await dccVerifier();
    dcc.useLoader({mode: loader, extra, log});
    const result = await dcc.verifyCredential({credential, knownDIDRegistries: []});
    // fatal problems come as `errors`; some (e.g. validFrom in the future) as one `error`
    const errors = [...(result.errors || []), ...(result.error ? [result.error] : [])]
      .map(e => ({name: e.name, message: String(e.message)}));
    const steps = (result.log || []).map(s => ({
      id: s.id, valid: s.valid ?? null, ...(s.error ? {error: errorInfo(s.error)} : {})
    }));
    const signature = steps.find(s => s.id === 'valid_signature');
    return {
      verified: errors.length === 0 && Boolean(signature && signature.valid),
      errors, log: steps, loaded: log
    };
  } catch(e) {
    return {verified: false, errors: [errorInfo(e)], log: [], loaded: log};
  }
}

const KEYGEN_OPTS = {RS256: {modulusLength: 2048}, ES256: {}, EdDSA: {crv: 'Ed25519'}};

/** A fresh key pair for a JWS algorithm, as JWKs: {privateJwk, publicJwk}. */
export async function jwtKeygen({alg}) {
  try {
    if(!JWT_ALGS.includes(alg)) {
      throw new TypeError(`unsupported alg "${alg}" (use ${JWT_ALGS.join(', ')})`);
    }
    const {publicKey, privateKey} = await jose.generateKeyPair(
      alg, {...KEYGEN_OPTS[alg], extractable: true});
    return {
      ok: true,
      privateJwk: await jose.exportJWK(privateKey),
      publicJwk: await jose.exportJWK(publicKey)
    };
  } catch(e) {
    return {ok: false, error: errorInfo(e)};
  }
}

/**
 * Sign a JWT (compact JWS) with node `jose`.
 * request: {alg, privateJwk, payload, header?: extra protected header members (kid, typ...)}
 */
export async function jwtSign({alg, privateJwk, payload, header = {}}) {
  try {
    const key = await jose.importJWK(privateJwk, alg);
    const token = await new jose.SignJWT(payload)
      .setProtectedHeader({...header, alg})
      .sign(key);
    return {ok: true, token};
  } catch(e) {
    return {ok: false, error: errorInfo(e)};
  }
}

/**
 * Verify a JWT with node `jose` against a given public JWK; only `alg` is allowed.
 * request: {token, publicJwk, alg, now?, typ?}
 * answer: {verified, header, payload, error}
 */
export async function jwtVerify({token, publicJwk, alg, now, typ}) {
  try {
    const key = await jose.importJWK(publicJwk, alg);
    const options = {algorithms: [alg]};
    if(now) {
      options.currentDate = new Date(now);
    }
    if(typ) {
      options.typ = typ;
    }
    const {payload, protectedHeader} = await jose.jwtVerify(token, key, options);
    return {verified: true, header: protectedHeader, payload, error: null};
  } catch(e) {
    let header = null;
    try {
      header = jose.decodeProtectedHeader(token);
    } catch{}
    return {verified: false, header, payload: null, error: errorInfo(e)};
  }
}

export const OPS = {
  'key-info': keyInfo,
  sign,
  verify,
  'dcc-verify': dccVerify,
  'jwt-keygen': jwtKeygen,
  'jwt-sign': jwtSign,
  'jwt-verify': jwtVerify
};

/** Run one request `{op, id?, ...}`; the answer echoes `id` and `op`. */
export async function dispatch(request) {
  const {op, id} = request || {};
  const fn = OPS[op];
  let answer;
  if(!fn) {
    answer = {ok: false, error: {name: 'TypeError', message: `unknown op "${op}"`}};
  } else {
    try {
      answer = await fn(request);
    } catch(e) {
      answer = {ok: false, error: errorInfo(e)};
    }
  }
  return {id: id ?? null, op: op ?? null, ...answer};
}
