// Shared plumbing of the command-line scripts: reading input, JSON-lines batch mode.
import {readFileSync} from 'node:fs';
import readline from 'node:readline';

import {dispatch} from './ops.mjs';

// standard output carries the JSON-lines protocol: libraries that chat on console.log
// (verifier-core logs schema-fetch failures) are sent to standard error instead
for(const name of ['log', 'info', 'debug', 'warn']) {
  console[name] = (...args) => console.error(...args);
}

/** The text of FILE, or of standard input for "-" / no file. */
export function readInput(file) {
  return readFileSync(!file || file === '-' ? 0 : file, 'utf8');
}

/**
 * JSON-lines mode: one request object per input line, one answer line per request, in
 * order, flushed as each finishes (so a caller may keep the process open and talk to it).
 * `force` (e.g. {op: 'sign'}) is merged over each request.
 */
export async function runBatch(force = {}) {
  const rl = readline.createInterface({input: process.stdin, crlfDelay: Infinity});
  for await (const line of rl) {
    if(!line.trim()) {
      continue;
    }
    let request;
    try {
      request = JSON.parse(line);
    } catch(e) {
      process.stdout.write(JSON.stringify({
        id: null, ok: false, error: {name: 'SyntaxError', message: e.message}
      }) + '\n');
      continue;
    }
    const answer = await dispatch({...request, ...force});
    process.stdout.write(JSON.stringify(answer) + '\n');
  }
}
