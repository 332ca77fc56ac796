// Stand-in for @kubernetes-models/validate/runtime/re2 in the CLI bundle (scripts/build.mjs maps the
// import here). The generated prometheus-operator schemas build their RE2 patterns when their module
// loads (`let pattern0 = new RE2("^(?i)(abort|warn)?$", "u")` in ...MonitoringV1RuleGroup.js, for
// RuleGroup.partial_response_strategy; also the Alertmanager time-interval month/weekday patterns,
// whose Go `(?i)` flag JavaScript's RegExp cannot read). Constructing re2-wasm's RE2 compiles its
// 858 KB WebAssembly module, about a quarter of the CLI's start-up, for fields obstack never sets.
// This class keeps the pattern and compiles it with re2-wasm on its first use only.
import { requireDependency, resetBeforeSnapshot } from "../runtime/host.ts";

interface Re2Like {
  test(s: string): boolean;
  exec(s: string): RegExpExecArray | null;
}
type Re2Ctor = new (pattern: string, flags?: string) => Re2Like;

let Re2: Re2Ctor | undefined;
resetBeforeSnapshot(() => (Re2 = undefined));

export default class LazyRE2 {
  #compiled: Re2Like | undefined;
  constructor(
    readonly source: string,
    readonly flags?: string,
  ) {}

  #re(): Re2Like {
    if (this.#compiled === undefined) {
      Re2 ??= (requireDependency("re2-wasm") as { RE2: Re2Ctor }).RE2;
      this.#compiled = new Re2(this.source, this.flags);
    }
    return this.#compiled;
  }

  test(s: string): boolean {
    return this.#re().test(s);
  }

  exec(s: string): RegExpExecArray | null {
    return this.#re().exec(s);
  }
}
