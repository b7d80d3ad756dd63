import { createRequire as __sgRequire } from 'node:module'; const require = __sgRequire(import.meta.url);
var n=class extends Error{name="UsageError"},r=class extends Error{name="ConfigError"},t=class extends Error{name="OperationalError"},o={clean:0,findings:1,usage:2,operational:3};function a(e){return e instanceof n||e instanceof r?o.usage:o.operational}function i(e){return(e instanceof Error?e.message:String(e)).split(`
`)[0]?.trim()||"unknown error"}function c(e){throw new Error(`unexpected value: ${JSON.stringify(e)}`)}export{n as a,r as b,t as c,o as d,a as e,i as f,c as g};
