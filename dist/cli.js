#!/usr/bin/env node
import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
console.log("secret-guard");
