#!/usr/bin/env node
// The installed `mm` command: runs the built CLI (pnpm build writes dist/).
import "../dist/main.js";
