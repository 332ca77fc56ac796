// Public API for profile authors: `import { defineStack } from "obstack"`.
export { defineStack } from "./profile/define.ts";
export type { StackInput, Profile } from "./profile/schema.ts";
// The pod-log path rules (ordinary and static/mirror pods), for a profile pipeline that tails pod logs.
export { podLogPathRuleBlocks } from "./pipeline/config.ts";
