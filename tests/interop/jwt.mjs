#!/usr/bin/env node
// VC-JWT helper over node `jose` (compact JWS, RS256 / ES256 / EdDSA), offline.
//
//   node jwt.mjs keygen --alg ES256                 -> {"privateJwk", "publicJwk"}
//   node jwt.mjs sign   < {"alg", "privateJwk", "payload", "header"?}   -> {"token"}
//   node jwt.mjs verify < {"token", "publicJwk", "alg", "now"?}         -> verdict
//   node jwt.mjs --batch < requests.jsonl  (ops jwt-keygen, jwt-sign, jwt-verify)
import {parseArgs} from 'node:util';

import {readInput, runBatch} from './lib/cli.mjs';
import {jwtKeygen, jwtSign, jwtVerify} from './lib/ops.mjs';

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {
    alg: {type: 'string'},
    batch: {type: 'boolean', default: false}
  }
});

const COMMANDS = {
  keygen: () => jwtKeygen({alg: values.alg}),
  sign: () => jwtSign(JSON.parse(readInput(positionals[1]))),
  verify: () => jwtVerify(JSON.parse(readInput(positionals[1])))
};

if(values.batch) {
  await runBatch();
} else {
  const command = COMMANDS[positionals[0]];
  if(!command) {
    process.stderr.write('usage: node jwt.mjs keygen|sign|verify ... (or --batch)\n');
    process.exit(2);
  }
  const answer = await command();
  process.stdout.write(JSON.stringify(answer, null, 2) + '\n');
  process.exit(answer.ok === false || answer.verified === false ? 1 : 0);
}
