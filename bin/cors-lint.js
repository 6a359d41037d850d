#!/usr/bin/env node
"use strict";
require("../server/out/cli.js");
