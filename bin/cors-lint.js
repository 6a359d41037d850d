#!/usr/bin/env node
"use strict";
// Node 22.1+ keeps compiled code between runs (no-op on older versions, which lack it).
require("node:module").enableCompileCache?.();
require("../server/out/cli.js");
