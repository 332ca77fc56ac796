// Rules that downstream tools apply, applied to the profile first so a value they would reject (or
// read differently) fails here with the tool's rule in the message. Each cites the upstream source;
// see docs/upstream.md.
import { isIP } from "node:net";
// re2-wasm compiles its 858 KB WebAssembly module when it loads: only when a profile has a regex matcher.
import LazyRE2 from "../k8s/re2-lazy.ts";
import type { Block, Expr, Stmt } from "../alloy/syntax/ast.ts";

// ---------------------------------------------------------------------------------------------
// Alertmanager matchers. Alertmanager v0.29.0 (kube-prometheus-stack 79.12.0) parses each line of a
// route's `matchers` with the UTF-8 parser and falls back to the classic one
// (matcher/compat/parse.go:118-189), so whatever the classic parser accepts loads. The classic parser
// is pkg/labels/parse.go: split on commas outside double quotes (ParseMatchers), then each token must
// match `^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$`, a value starting with `"` must
// end with it and carry no other unescaped `"` (ParseMatcher), and a regexp value must compile as
// `^(?:value)$` in RE2 (pkg/labels/matcher.go NewMatcher).

const CLASSIC_MATCHER = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*([\s\S]*?)\s*$/;

function splitMatchers(input: string): string[] {
  let s = input;
  if (s.startsWith("{")) s = s.slice(1);
  if (s.endsWith("}")) s = s.slice(0, -1);
  const tokens: string[] = [];
  let inside = false;
  let escaped = false;
  let token = "";
  for (const r of s) {
    if (r === "," && !inside) {
      tokens.push(token);
      token = "";
      continue;
    }
    if (r === '"') {
      if (!escaped) inside = !inside;
      else escaped = false;
    } else if (r === "\\") escaped = !escaped;
    else escaped = false;
    token += r;
  }
  if (token.trim() !== "") tokens.push(token.trim());
  return tokens;
}

/** Undefined when Alertmanager parses `input` into at least one matcher; otherwise why not. */
export function alertmanagerMatcherProblem(input: string): string | undefined {
  const tokens = splitMatchers(input);
  if (tokens.length === 0) return "is empty; Alertmanager needs a matcher such as severity=\"critical\"";
  for (const token of tokens) {
    const m = CLASSIC_MATCHER.exec(token);
    if (!m) return `${JSON.stringify(token)} is not an Alertmanager matcher (label name [a-zA-Z_:][a-zA-Z0-9_:]*, then =, !=, =~ or !~, then the value), e.g. severity="critical"`;
    let raw = m[3] ?? "";
    let expectQuote = false;
    if (raw.startsWith('"')) {
      raw = raw.slice(1);
      expectQuote = true;
    }
    let value = "";
    let escaped = false;
    const chars = [...raw];
    for (let i = 0; i < chars.length; i++) {
      const r = chars[i]!;
      if (escaped) {
        escaped = false;
        value += r === "n" ? "\n" : r === '"' || r === "\\" ? r : `\\${r}`;
        continue;
      }
      if (r === "\\") {
        if (i < chars.length - 1) escaped = true;
        else value += "\\";
      } else if (r === '"') {
        if (!expectQuote || i < chars.length - 1) return `${JSON.stringify(token)}: the value contains an unescaped double quote; Alertmanager rejects it (escape it as \\")`;
        expectQuote = false;
      } else value += r;
    }
    if (expectQuote) return `${JSON.stringify(token)}: the value opens a double quote it does not close; Alertmanager rejects it`;
    if (m[2] === "=~" || m[2] === "!~") {
      try {
        new LazyRE2(`^(?:${value})$`, "u").test(""); // compiles the pattern (and throws) on first use
      } catch (e) {
        return `${JSON.stringify(token)}: the value is not an RE2 regular expression, which Alertmanager requires (${(e as Error).message.split(": ").pop()})`;
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes names. Port names are IANA service names (k8s.io/apimachinery
// pkg/util/validation/validation.go IsValidPortName): 1-15 characters of [a-z0-9-], at least one
// letter, no leading, trailing or double hyphen.
export function ianaServiceNameProblem(s: string): string | undefined {
  if (s.length < 1 || s.length > 15) return "must be 1-15 characters (an IANA service name, as Kubernetes requires of port names)";
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(s) || s.includes("--")) {
    return "must be an IANA service name, as Kubernetes requires of port names: lower-case letters, digits and single '-' inside";
  }
  if (!/[a-z]/.test(s)) return "must contain a letter (an IANA service name, as Kubernetes requires of port names)";
  return undefined;
}

/** StorageClass.provisioner is validated as a qualified name (k8s pkg/apis/storage/validation validateProvisioner → IsQualifiedName). */
export function qualifiedNameProblem(s: string): string | undefined {
  const parts = s.split("/");
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  const prefix = parts.length === 2 ? parts[0]! : undefined;
  if (parts.length > 2 || s === "") return "must be a qualified name such as kubernetes.io/no-provisioner or driver.longhorn.io";
  if (name.length > 63 || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name)) {
    return "must be a qualified name (optional DNS prefix and '/', then at most 63 of [-A-Za-z0-9_.], alphanumeric at both ends), as Kubernetes requires of a StorageClass provisioner";
  }
  if (prefix !== undefined && (prefix.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix))) {
    return "its prefix before '/' must be a DNS subdomain, as Kubernetes requires of a StorageClass provisioner";
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Machine addresses: Prometheus would scrape the pod's own loopback, a link-local or a multicast
// address, none of which is the machine.
export function machineAddressProblem(a: string): string | undefined {
  const kind = isIP(a);
  if (kind === 4) {
    const [x, y] = a.split(".").map(Number) as [number, number];
    if (x === 127) return "is a loopback address: from a pod it is the pod itself, not the machine";
    if (x === 0 || a === "255.255.255.255") return "is not a unicast address of a machine";
    if (x === 169 && y === 254) return "is link-local (169.254.0.0/16): not routable from a pod";
    if (x >= 224 && x <= 239) return "is a multicast address (224.0.0.0/4), not a machine";
    return undefined;
  }
  if (kind === 6) {
    const low = a.toLowerCase();
    if (low === "::1" || low === "::") return "is the IPv6 loopback or unspecified address, not the machine";
    if (/^fe[89ab]/.test(low)) return "is link-local (fe80::/10): not routable from a pod";
    if (low.startsWith("ff")) return "is a multicast address (ff00::/8), not a machine";
    const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(low);
    if (v4) return machineAddressProblem(v4[1]!);
    return undefined;
  }
  return "must be an IPv4 or IPv6 address";
}

// ---------------------------------------------------------------------------------------------
// S3 region: the Loki chart writes it unquoted (`region: {{ . }}`, charts/loki/templates/_helpers.tpl:338
// @ loki-18.11.0), so it must be a plain YAML 1.1 and 1.2 string: lower-case words joined by '-',
// never a YAML 1.1 boolean or null.
const YAML_WORDS = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);
export function s3RegionProblem(r: string): string | undefined {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(r) || r.length > 32 || YAML_WORDS.has(r)) {
    return "must be an S3 region such as eu-central-1 (lower-case letters, digits and '-'; the Loki chart writes it unquoted into YAML)";
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Credentials in URLs: user info (any scheme case) or a secret-looking query parameter.
const SECRET_PARAM = /^(token|access_token|auth|auth_token|api_key|apikey|key|secret|password|passwd|pass|sig|signature|x-amz-signature|x-amz-credential|client_secret)$/i;

export function urlCredentialProblem(u: string): string | undefined {
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(u) ? "must not embed credentials (user:password@)" : undefined;
  }
  if (url.username !== "" || url.password !== "") return "must not embed credentials (user:password@)";
  for (const k of url.searchParams.keys()) if (SECRET_PARAM.test(k)) return `must not carry a secret in its query (${k}=...)`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Literal secrets in Alloy pipelines. A secret belongs in a Kubernetes Secret, read by Alloy at run
// time: sys.env("VAR") with the variable set from a secretKeyRef, or remote.kubernetes.secret.
export const SECRET_HINT =
  'read it from a Secret instead: sys.env("VAR") with VAR set from a secretKeyRef, or a remote.kubernetes.secret component and remote.kubernetes.secret.<label>.data["<key>"]';

const SECRET_ATTRS = /^(password|bearer_token|token|secret|client_secret|api_key|secret_key|access_key|access_key_id|secret_access_key|private_key|key_pem|sas_token|session_token|authorization)$/;
const SECRET_HEADERS = /^(authorization|proxy-authorization|x-api-key|api-key|x-auth-token|x-scope-token|cookie)$/i;

/** An expression made only of literals: a value written into the config, not read at run time. */
function isConstant(e: Expr): boolean {
  switch (e.kind) {
    case "Literal":
      return true;
    case "Paren":
      return isConstant(e.inner);
    case "Unary":
      return isConstant(e.value);
    case "Binary":
      return isConstant(e.left) && isConstant(e.right);
    case "Array":
      return e.elements.every(isConstant);
    case "Object":
      return e.fields.every((f) => isConstant(f.value));
    default:
      return false;
  }
}

function literalStrings(e: Expr, out: string[]): void {
  switch (e.kind) {
    case "Literal":
      if (e.tok === "STRING") out.push(e.value.slice(1, -1));
      return;
    case "Paren":
      return literalStrings(e.inner, out);
    case "Unary":
      return literalStrings(e.value, out);
    case "Binary":
      literalStrings(e.left, out);
      return literalStrings(e.right, out);
    case "Array":
      return e.elements.forEach((x) => literalStrings(x, out));
    case "Object":
      return e.fields.forEach((f) => literalStrings(f.value, out));
    case "Call":
      return e.args.forEach((x) => literalStrings(x, out));
    case "Index":
      literalStrings(e.value, out);
      return literalStrings(e.index, out);
    case "Access":
      return literalStrings(e.value, out);
    default:
      return;
  }
}

/** Literal secrets in Alloy statements: one message per finding, naming the block path. */
export function alloySecretProblems(body: readonly Stmt[]): string[] {
  const problems: string[] = [];
  const visit = (stmts: readonly Stmt[], where: string[], inS3: boolean) => {
    for (const s of stmts) {
      if (problems.length >= 20) return;
      if (s.kind === "Block") {
        const name = s.name.join(".");
        visit(s.body, [...where, s.label ? `${name} "${s.label}"` : name], inS3 || name === "remote.s3");
        continue;
      }
      const at = [...where, s.name.name].join(" > ");
      const attr = s.name.name;
      if ((SECRET_ATTRS.test(attr) || (inS3 && attr === "key")) && isConstant(s.value)) {
        problems.push(`${at}: a literal ${attr}; ${SECRET_HINT}`);
        continue;
      }
      if (/headers$/.test(attr) && s.value.kind === "Object") {
        for (const f of s.value.fields) {
          if (SECRET_HEADERS.test(f.name.name) && isConstant(f.value)) problems.push(`${at}: a literal ${f.name.name} header; ${SECRET_HINT}`);
        }
      }
      const strings: string[] = [];
      literalStrings(s.value, strings);
      for (const str of strings) {
        const why = /^[a-z][a-z0-9+.-]*:\/\//i.test(str) ? urlCredentialProblem(str) : undefined;
        if (why) problems.push(`${at}: a URL here ${why}; ${SECRET_HINT}`);
      }
    }
  };
  visit(body, [], false);
  return problems;
}

/** A structurally sound Alloy block (TypeScript profiles build them with obstack/alloy). */
export function isAlloyBlock(b: unknown, depth = 0): b is Block {
  if (depth > 32 || b === null || typeof b !== "object") return false;
  const x = b as Partial<Block>;
  return (
    x.kind === "Block" &&
    Array.isArray(x.name) &&
    x.name.length > 0 &&
    x.name.every((n) => typeof n === "string") &&
    typeof x.label === "string" &&
    Array.isArray(x.body) &&
    x.body.every((s) =>
      (s as Stmt)?.kind === "Attribute"
        ? typeof (s as { name?: { name?: unknown } }).name?.name === "string" && isExprLike((s as { value?: unknown }).value, depth + 1)
        : isAlloyBlock(s, depth + 1),
    )
  );
}

const EXPR_KINDS = new Set(["Literal", "Identifier", "Array", "Object", "Access", "Index", "Call", "Unary", "Binary", "Paren"]);
function isExprLike(e: unknown, depth: number): boolean {
  if (depth > 64 || e === null || typeof e !== "object") return false;
  const x = e as Record<string, unknown> & { kind?: unknown };
  if (typeof x.kind !== "string" || !EXPR_KINDS.has(x.kind)) return false;
  switch (x.kind) {
    case "Literal":
      return typeof x.value === "string" && typeof x.tok === "string";
    case "Identifier":
      return typeof (x.ident as { name?: unknown })?.name === "string";
    case "Array":
      return Array.isArray(x.elements) && x.elements.every((y) => isExprLike(y, depth + 1));
    case "Object":
      return Array.isArray(x.fields) && x.fields.every((f) => typeof f?.name?.name === "string" && isExprLike(f.value, depth + 1));
    case "Access":
      return typeof (x.name as { name?: unknown })?.name === "string" && isExprLike(x.value, depth + 1);
    case "Index":
      return isExprLike(x.value, depth + 1) && isExprLike(x.index, depth + 1);
    case "Call":
      return isExprLike(x.value, depth + 1) && Array.isArray(x.args) && x.args.every((y) => isExprLike(y, depth + 1));
    case "Unary":
      return typeof x.op === "string" && isExprLike(x.value, depth + 1);
    case "Binary":
      return typeof x.op === "string" && isExprLike(x.left, depth + 1) && isExprLike(x.right, depth + 1);
    case "Paren":
      return isExprLike(x.inner, depth + 1);
  }
  return false;
}
