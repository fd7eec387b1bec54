#!/usr/bin/env node
// Verify a signed credential with Digital Bazaar's @digitalbazaar/vc, offline; prints a JSON
// verdict {verified, errors, proofs, loaded}. Exit status 0 when verified, 1 when not.
//
//   node verify.mjs [--now ISO] [IN.json|-]
//   node verify.mjs --batch  < requests.jsonl   (each {"credential", "now"?, "extra"?})
import {parseArgs} from 'node:util';

import {readInput, runBatch} from './lib/cli.mjs';
import {verify} from './lib/ops.mjs';

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {
    now: {type: 'string'},
    batch: {type: 'boolean', default: false}
  }
});

if(values.batch) {
  await runBatch({op: 'verify'});
} else {
  const verdict = await verify({
    credential: JSON.parse(readInput(positionals[0])), now: values.now
  });
  process.stdout.write(JSON.stringify(verdict, null, 2) + '\n');
  process.exit(verdict.verified ? 0 : 1);
}
