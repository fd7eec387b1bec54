#!/usr/bin/env node
// JSON lines in, JSON lines out: each line is {"op": ..., "id": ..., ...} with op one of
// key-info, sign, verify, jwt-keygen, jwt-sign, jwt-verify (see lib/ops.mjs). One node
// process serves a whole test session.
import {runBatch} from './lib/cli.mjs';

await runBatch();
