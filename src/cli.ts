#!/usr/bin/env node
console.log('secret-guard');
