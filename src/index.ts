// Public API for profile authors: `import { defineStack } from "obstack"`.
export { defineStack } from "./profile/schema.ts";
export type { StackInput, Profile } from "./profile/schema.ts";
