// An offline JSON-LD document loader for the interop scripts.
//
// It serves ONLY:
//   * the context documents bundled with openbadge_kit, read from
//     src/openbadge_kit/jsonld/contexts/index.json (URL and aliases -> file, sha256 checked),
//   * did:key (Ed25519) DIDs and their verification methods, computed locally,
//   * documents the caller hands in explicitly (`extra`: URL -> JSON document), e.g. the
//     controller document of an https issuer.
// Any other URL throws: nothing is ever fetched from the network.
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

import * as base58btc from 'base58-universal';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CONTEXTS_DIR = process.env.OBK_CONTEXTS_DIR ||
  path.resolve(HERE, '..', '..', '..', 'src', 'openbadge_kit', 'jsonld', 'contexts');

const DID_V1 = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
const ED25519_PUB_PREFIX = [0xed, 0x01];

let _index = null;
const _texts = new Map();

function contextIndex() {
  if(_index) {
    return _index;
  }
  const raw = JSON.parse(readFileSync(path.join(CONTEXTS_DIR, 'index.json'), 'utf8'));
  _index = new Map();
  for(const [url, entry] of Object.entries(raw.contexts)) {
    _index.set(url, entry);
    for(const alias of entry.aliases || []) {
      _index.set(alias, entry);
    }
  }
  return _index;
}

/** The URLs of every bundled context (aliases included). */
export function bundledUrls() {
  return [...contextIndex().keys()].sort();
}

function bundledContext(url) {
  const entry = contextIndex().get(url);
  if(!entry) {
    return null;
  }
  let text = _texts.get(entry.file);
  if(text === undefined) {
    const bytes = readFileSync(path.join(CONTEXTS_DIR, entry.file));
    const digest = createHash('sha256').update(bytes).digest('hex');
    if(digest !== entry.sha256) {
      throw new Error(`bundled context ${entry.file} does not match its sha256`);
    }
    text = bytes.toString('utf8');
    _texts.set(entry.file, text);
  }
  // a fresh object per call: a library that mutates what it loads cannot poison the cache
  return JSON.parse(text);
}

/** The raw 32-byte Ed25519 key of a `z6Mk...` multibase value, or an Error. */
export function decodeEd25519Multikey(multibase) {
  if(typeof multibase !== 'string' || multibase[0] !== 'z' || multibase.length > 128) {
    throw new Error(`not a base58btc Multikey: ${multibase}`);
  }
  const bytes = base58btc.decode(multibase.slice(1));
  if(bytes.length !== 34 || bytes[0] !== ED25519_PUB_PREFIX[0] ||
    bytes[1] !== ED25519_PUB_PREFIX[1]) {
    throw new Error(`not an Ed25519 public Multikey: ${multibase}`);
  }
  return bytes.slice(2);
}

/** The DID document of an Ed25519 did:key (Multikey verification method). */
export function didKeyDocument(did) {
  const multibase = did.slice('did:key:'.length);
  decodeEd25519Multikey(multibase);
  const vmId = `${did}#${multibase}`;
  return {
    '@context': [DID_V1, MULTIKEY_V1],
    id: did,
    verificationMethod: [{
      id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: multibase
    }],
    authentication: [vmId],
    assertionMethod: [vmId],
    capabilityDelegation: [vmId],
    capabilityInvocation: [vmId]
  };
}

function resolveDidKey(url) {
  const [did, fragment] = url.split('#', 2);
  const doc = didKeyDocument(did);
  if(fragment === undefined) {
    return doc;
  }
  const vm = doc.verificationMethod.find(m => m.id === url);
  if(!vm) {
    throw new Error(`did:key has no verification method ${url}`);
  }
  return {'@context': MULTIKEY_V1, ...vm};
}

const VM_CONTEXT = {
  Multikey: MULTIKEY_V1,
  Ed25519VerificationKey2020: 'https://w3id.org/security/suites/ed25519-2020/v1'
};
const VM_LISTS = ['verificationMethod', 'assertionMethod', 'authentication',
  'capabilityInvocation', 'capabilityDelegation'];

/** The verification method `url` (a `#fragment` of a caller-given controller document). */
function methodFromDocument(doc, url) {
  const base = url.split('#', 1)[0];
  const fragment = url.slice(base.length);
  for(const list of VM_LISTS) {
    for(const vm of [].concat(doc[list] || [])) {
      if(vm && typeof vm === 'object' && (vm.id === url || vm.id === fragment)) {
        const context = VM_CONTEXT[vm.type];
        return {...(context ? {'@context': context} : {}), ...vm, id: url};
      }
    }
  }
  return null;
}

/**
 * A jsonld.js document loader that never touches the network.
 *
 * @param {object} [options]
 * @param {object} [options.extra] - URL -> document served in addition to the bundle; for
 *   a controller (DID) document, `<id>#<fragment>` serves the verification method in it.
 * @param {string[]} [options.log] - if given, every URL asked for is pushed to it.
 */
export function offlineLoader({extra = {}, log} = {}) {
  const extras = new Map(Object.entries(extra));
  return async function documentLoader(url) {
    if(log) {
      log.push(url);
    }
    let document = null;
    const base = typeof url === 'string' ? url.split('#', 1)[0] : url;
    if(extras.has(url)) {
      document = structuredClone(extras.get(url));
    } else if(base !== url && extras.has(base)) {
      document = methodFromDocument(extras.get(base), url);
    } else if(typeof url === 'string' && url.startsWith('did:key:')) {
      document = resolveDidKey(url);
    } else {
      document = bundledContext(url);
    }
    if(document === null) {
      throw new Error(`offline document loader: refusing to load "${url}" ` +
        '(not a bundled context, not a did:key, not supplied by the caller)');
    }
    return {contextUrl: null, documentUrl: url, document};
  };
}
