#!/usr/bin/env node
// The CLI is TypeScript run through tsx, which is also what loads users' TypeScript profiles.
import { register } from "tsx/esm/api";
register();
await import("../src/cli.ts");
