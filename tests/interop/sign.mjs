#!/usr/bin/env node
// Sign an unsigned credential with Digital Bazaar's @digitalbazaar/vc, offline.
//
//   node sign.mjs --suite eddsa-rdfc-2022|Ed25519Signature2020 --seed HEX64
//                 [--created ISO] [--vm ID] [--controller ID] [IN.json|-]  > signed.json
//   node sign.mjs --batch   < requests.jsonl   (each {"credential", "suite", "seed", ...})
//
// The key is the Ed25519 key of the 32-byte seed; its controller defaults to the did:key.
import {parseArgs} from 'node:util';

import {readInput, runBatch} from './lib/cli.mjs';
import {sign} from './lib/ops.mjs';

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {
    suite: {type: 'string', default: 'eddsa-rdfc-2022'},
    seed: {type: 'string'},
    created: {type: 'string'},
    vm: {type: 'string'},
    controller: {type: 'string'},
    batch: {type: 'boolean', default: false}
  }
});

if(values.batch) {
  await runBatch({op: 'sign'});
} else {
  if(!values.seed) {
    process.stderr.write('sign.mjs: --seed HEX64 is required\n');
    process.exit(2);
  }
  const answer = await sign({
    credential: JSON.parse(readInput(positionals[0])),
    suite: values.suite, seed: values.seed, created: values.created,
    verificationMethod: values.vm, controller: values.controller
  });
  if(!answer.ok) {
    process.stderr.write(`sign.mjs: ${JSON.stringify(answer.error)}\n`);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(answer.document, null, 2) + '\n');
}
