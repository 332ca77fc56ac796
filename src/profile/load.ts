// Loading and validating a profile. User mistakes become ProfileError (exit 2, no stack trace).
import { closeSync, constants, openSync, readSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { profileSchema, type Profile } from "./schema.ts";
import { checkInputShape, firstUnsafeChar } from "./input.ts";
import { dependencyParentUrl, importDependency } from "../runtime/host.ts";
import { notRegularFile } from "../util/input-file.ts";

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
  // Size, depth and characters first: bounded work, and nothing reaches YAML that parsers disagree on.
  const shape = checkInputShape(input);
  if (shape.length > 0) throw new ProfileError(source, shape);
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
      text = readReferenced(d.file, file);
    } catch (e) {
      problems.push(`dashboards.${i}.file: ${readProblem(d.file, e)}`);
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
      return { ...e, config: { ...e.config, content: readReferenced(e.config.file, file), fileName: e.config.fileName ?? basename(file) } };
    } catch (err) {
      problems.push(`exporters.${i}.config.file: ${readProblem(e.config.file, err)}`);
      return e;
    }
  });
  if (problems.length > 0) throw new ProfileError(source, problems);
  return { ...result.data, dashboards, exporters };
}

/** Profiles are small; a larger file (or /dev/zero) is refused before it is read whole. */
export const MAX_PROFILE_BYTES = 16 * 1024 * 1024;

/** The profile's file name is printed in every generated file's header: one printable line only. */
export function checkProfileFileName(path: string, name: string): string {
  const bad = firstUnsafeChar(name, true);
  if (bad !== undefined || name.length > 255) {
    throw new ProfileError(JSON.stringify(path), [
      `the file name ${JSON.stringify(name)} ${bad ? `contains ${bad}` : "is too long"}; it is printed in the header of every generated file: rename the file (printable characters only)`,
    ]);
  }
  return name;
}

function statProfile(file: string, abs: string): void {
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    throw new ProfileError(file, [`cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  const what = notRegularFile(st);
  if (what !== undefined) throw new ProfileError(file, [`is ${what}; give a profile file (.ts/.mjs/.yaml/.json)`]);
  if (st.size > MAX_PROFILE_BYTES) throw new ProfileError(file, [`is ${st.size} bytes; a profile may be at most ${MAX_PROFILE_BYTES} bytes`]);
}

/** Reads at most MAX_PROFILE_BYTES (+1 to notice a file that grew after the size check). */
function readBounded(file: string, abs: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const buf = Buffer.alloc(MAX_PROFILE_BYTES + 1);
    let n = 0;
    for (;;) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      if (n > MAX_PROFILE_BYTES) throw new ProfileError(file, [`is larger than ${MAX_PROFILE_BYTES} bytes; a profile may be at most ${MAX_PROFILE_BYTES} bytes`]);
    }
    return new TextDecoder("utf-8", { fatal: true }).decode(buf.subarray(0, n));
  } catch (e) {
    if (e instanceof ProfileError) throw e;
    if (e instanceof TypeError) throw new ProfileError(file, ["is not valid UTF-8"]);
    throw new ProfileError(file, [`cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A file the profile names (a dashboard, an exporter's config): the same limits as a profile (no FIFO, 16 MiB). */
function readReferenced(name: string, abs: string): string {
  statProfile(name, abs);
  return readBounded(name, abs);
}

/** "cannot read NAME: why", whatever refused it (the profile limits, or the file system). */
function readProblem(name: string, e: unknown): string {
  const why = e instanceof ProfileError ? e.problems.map((p) => p.replace(/^cannot read file: /, "")).join("; ") : ((e as NodeJS.ErrnoException).code ?? (e as Error).message);
  return `cannot read ${name}: ${why}`;
}

/** Reads a TypeScript/JavaScript module (default export) or a YAML/JSON file. */
export async function loadProfile(file: string): Promise<Profile> {
  const abs = resolve(file);
  let input: unknown;
  if (/\.(ts|mts|js|mjs)$/.test(abs)) {
    statProfile(file, abs);
    let mod: { default?: unknown };
    try {
      // tsx compiles the profile whatever the module type of the folder it sits in.
      const { tsImport } = (await importDependency("tsx/esm/api")) as typeof import("tsx/esm/api");
      mod = (await tsImport(pathToFileURL(abs).href, dependencyParentUrl())) as { default?: unknown };
    } catch (e) {
      throw new ProfileError(file, [`cannot load module: ${String((e as Error)?.message ?? e).split("\n")[0]}`]);
    }
    // A profile outside an ESM package is compiled as CommonJS: the namespace's default is then
    // module.exports, whose own `default` (next to __esModule) is the profile; an empty
    // module.exports means the module exports nothing.
    const inner = mod.default;
    if (inner !== null && typeof inner === "object" && Object.prototype.hasOwnProperty.call(inner, "__esModule")) {
      input = (inner as { default?: unknown }).default;
    } else if (inner !== null && typeof inner === "object" && Object.getPrototypeOf(inner) === Object.prototype && Reflect.ownKeys(inner).length === 0) {
      input = undefined;
    } else {
      input = inner;
    }
    if (input === undefined) throw new ProfileError(file, ["the module has no default export; write `export default defineStack({...})`"]);
  } else if (/\.(ya?ml|json)$/.test(abs)) {
    statProfile(file, abs);
    const text = readBounded(file, abs);
    const json = abs.endsWith(".json");
    try {
      // JSON is YAML too, but the YAML parser builds a document tree first: JSON.parse reads a large
      // generated profile several times faster.
      input = json ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, maxAliasCount: 100, uniqueKeys: true });
    } catch (e) {
      throw new ProfileError(file, [`not valid ${json ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`]);
    }
    // YAML has no typed Alloy builder: a pipeline's config there is Alloy text.
    const pipelines = (input as { alloy?: { pipelines?: unknown } } | null)?.alloy?.pipelines;
    if (Array.isArray(pipelines)) {
      const problems = pipelines.flatMap((p, i) =>
        p !== null && typeof p === "object" && "config" in p && typeof (p as { config: unknown }).config !== "string"
          ? [`alloy.pipelines.${i}.config: in a YAML or JSON profile, config is Alloy text (a string, e.g. a \`|\` block); typed blocks are for TypeScript profiles`]
          : [],
      );
      if (problems.length > 0) throw new ProfileError(file, problems);
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
