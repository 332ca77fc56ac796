// Loading and validating a profile. User mistakes become ProfileError (exit 2, no stack trace).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { profileSchema, type Profile } from "./schema.ts";

export class ProfileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid profile\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

// Keys that would carry secret material: the profile only names Secrets, so say where the value belongs.
const SECRET_LIKE = /(password|passwd|token|secret|apikey|api_key|accesskey|access_key|credential)/i;

function formatIssue(issue: z.core.$ZodIssue): string[] {
  const path = issue.path.map(String).join(".");
  const at = (p: string) => (p === "" ? "(root)" : p);
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) => {
      const full = path === "" ? k : `${path}.${k}`;
      const hint = SECRET_LIKE.test(k)
        ? "secrets are never given as values: create a Secret (or SealedSecret) and reference it by name"
        : "remove it or fix its spelling (see `obstack schema`)";
      return `${full}: unknown key; ${hint}`;
    });
  }
  if (issue.code === "invalid_union" && "errors" in issue && issue.errors.length > 0) {
    return [`${at(path)}: ${issue.message}`];
  }
  return [`${at(path)}: ${issue.message}`];
}

export function validateProfile(input: unknown, source: string): Profile {
  const result = profileSchema.safeParse(input);
  if (!result.success) {
    throw new ProfileError(source, result.error.issues.flatMap(formatIssue));
  }
  return result.data;
}

/** Reads a TypeScript/JavaScript module (default export) or a YAML/JSON file. */
export async function loadProfile(file: string): Promise<Profile> {
  const abs = resolve(file);
  let input: unknown;
  if (/\.(ts|mts|js|mjs)$/.test(abs)) {
    let mod: { default?: unknown };
    try {
      // tsx compiles the profile whatever the module type of the folder it sits in.
      const { tsImport } = await import("tsx/esm/api");
      mod = (await tsImport(pathToFileURL(abs).href, import.meta.url)) as { default?: unknown };
    } catch (e) {
      throw new ProfileError(file, [`cannot load module: ${(e as Error).message.split("\n")[0]}`]);
    }
    // A profile outside an ESM package is compiled as CommonJS; its default export then sits one level down.
    const inner = mod.default as { default?: unknown; __esModule?: boolean } | undefined;
    input = inner !== null && typeof inner === "object" && "default" in inner && !("cluster" in inner) ? inner.default : inner;
    if (input === undefined) throw new ProfileError(file, ["the module has no default export; write `export default defineStack({...})`"]);
  } else if (/\.(ya?ml|json)$/.test(abs)) {
    let text: string;
    try {
      text = readFileSync(abs, "utf8");
    } catch (e) {
      throw new ProfileError(file, [`cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
    }
    // JSON is YAML too, but the YAML parser builds a document tree first: JSON.parse reads a large
    // generated profile several times faster.
    const json = abs.endsWith(".json");
    try {
      input = json ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
    } catch (e) {
      throw new ProfileError(file, [`not valid ${json ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`]);
    }
  } else {
    throw new ProfileError(file, ["unknown profile type: use a .ts/.mjs module or a .yaml/.json file"]);
  }
  return validateProfile(input, file);
}

/** JSON Schema of what a user writes (defaults optional), for editor completion of YAML profiles. */
export function profileJsonSchema(): unknown {
  return z.toJSONSchema(profileSchema, { io: "input", unrepresentable: "any" });
}
