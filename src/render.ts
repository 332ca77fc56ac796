// The main job: validated profile → components → checks → files (path → content). No disk access.
import type { Profile } from "./profile/schema.ts";
import { buildStack } from "./stack/index.ts";
import { checkStack } from "./checks/index.ts";
import { renderFiles } from "./tree/render.ts";
import { paths } from "./stack/names.ts";

export interface Rendered {
  files: Map<string, string>;
  /** Directories (relative to the output) that obstack owns: stale generated files there are removed. */
  roots: string[];
}

export function render(profile: Profile, profileName: string): Rendered {
  const stack = buildStack(profile);
  checkStack(stack, profile);
  const at = paths(profile);
  return { files: renderFiles(stack.dirs, profile, profileName), roots: ["overlays/base", at.overlay.root] };
}
