// Module hooks of record-modules.mjs: every resolved URL goes to the file, one per line.
import { appendFileSync } from "node:fs";

let file;
export function initialize(data) {
  file = data.file;
}
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(file, `${r.url}\n`);
  return r;
}
