// The main job: validated profile → components → checks → files (path → content). No disk access.
import type { Profile } from "./profile/schema.ts";
import { buildStack } from "./stack/index.ts";
import { RenderCheckError, checkStack } from "./checks/index.ts";
import { firstUnsafeChar } from "./profile/input.ts";
import { renderFiles } from "./tree/render.ts";

export interface Rendered {
  files: Map<string, string>;
}

export function render(profile: Profile, profileName: string): Rendered {
  const stack = buildStack(profile);
  checkStack(stack, profile);
  const files = renderFiles(stack.dirs, profile, profileName);
  // The profile's characters are checked on input; this catches any that arrive another way (YAML
  // 1.1 readers such as kustomize would see a line break where YAML 1.2 readers see text).
  const unsafe = [...files].flatMap(([path, text]) => {
    const bad = firstUnsafeChar(text);
    return bad ? [`${path}: contains ${bad}, which YAML 1.1 and 1.2 parsers read differently; remove it from the profile`] : [];
  });
  if (unsafe.length > 0) throw new RenderCheckError(unsafe);
  return { files };
}
