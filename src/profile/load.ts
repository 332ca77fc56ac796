// Loading and validating a profile. User mistakes become ProfileError (exit 2, no stack trace).
import { readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, resolve } from "node:path";
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

/**
 * Validates a profile, then reads the files it names (dashboards[].file), relative to baseDir (the
 * profile's folder when loaded from disk): after this, every dashboard carries its JSON and rendering
 * reads nothing.
 */
export function validateProfile(input: unknown, source: string, baseDir = process.cwd()): Profile {
  const result = profileSchema.safeParse(input);
  if (!result.success) {
    throw new ProfileError(source, result.error.issues.flatMap(formatIssue));
  }
  const problems: string[] = [];
  const dashboards = result.data.dashboards.map((d, i) => {
    if (d.file === undefined) return d;
    const file = isAbsolute(d.file) ? d.file : resolve(baseDir, d.file);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      problems.push(`dashboards.${i}.file: cannot read ${d.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return d;
    }
    try {
      const json: unknown = JSON.parse(text);
      if (json === null || typeof json !== "object" || Array.isArray(json)) throw new Error("not a JSON object");
      return { ...d, json: json as Record<string, unknown> };
    } catch (e) {
      problems.push(`dashboards.${i}.file: ${d.file} is not a dashboard JSON object: ${(e as Error).message.split("\n")[0]}`);
      return d;
    }
  });
  const exporters = result.data.exporters.map((e, i) => {
    if (e.config?.file === undefined) return e;
    const file = isAbsolute(e.config.file) ? e.config.file : resolve(baseDir, e.config.file);
    try {
      return { ...e, config: { ...e.config, content: readFileSync(file, "utf8"), fileName: e.config.fileName ?? basename(file) } };
    } catch (err) {
      problems.push(`exporters.${i}.config.file: cannot read ${e.config.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      return e;
    }
  });
  if (problems.length > 0) throw new ProfileError(source, problems);
  return { ...result.data, dashboards, exporters };
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
    try {
      input = parseYaml(text, { prettyErrors: true });
    } catch (e) {
      throw new ProfileError(file, [`not valid YAML: ${(e as Error).message.split("\n")[0]}`]);
    }
  } else {
    throw new ProfileError(file, ["unknown profile type: use a .ts/.mjs module or a .yaml/.json file"]);
  }
  return validateProfile(input, file, dirname(abs));
}

/** JSON Schema of what a user writes (defaults optional), for editor completion of YAML profiles. */
export function profileJsonSchema(): unknown {
  return z.toJSONSchema(profileSchema, { io: "input", unrepresentable: "any" });
}
