// A profile pipeline given as Alloy text keeps its comments: each is attached to the statement it
// precedes (or follows on the same line), so the printer lays it out with that statement.
import { endPos, startPos, type Comment, type File, type Stmt } from "../alloy/syntax/ast.ts";

type WithComments = { leadingComments?: string[]; trailingComments?: string[] };

function commentText(c: Comment): string {
  if (c.text.startsWith("//")) return c.text.slice(2).replace(/^ /, "");
  return c.text
    .slice(2, -2)
    .split("\n")
    .map((l) => l.replace(/^\s*\*? ?/, "").trimEnd())
    .join("\n")
    .trim();
}

function place(c: Comment, body: Stmt[], owner: Stmt | undefined): void {
  const off = c.pos.offset;
  for (const s of body) {
    if (s.kind === "Block" && s.lcurly.offset < off && off < s.rcurly.offset) {
      if (s.body.length === 0) add(s, "leadingComments", c);
      else place(c, s.body, s);
      return;
    }
  }
  let prev: Stmt | undefined;
  for (const s of body) if (startPos(s).offset < off) prev = s;
  if (prev && endPos(prev).line === c.pos.line) return add(prev, "trailingComments", c);
  const next = body.find((s) => startPos(s).offset > off);
  if (next) add(next, "leadingComments", c);
  else if (prev) add(prev, "trailingComments", c);
  else if (owner) add(owner, "leadingComments", c);
}

function add(s: Stmt, where: "leadingComments" | "trailingComments", c: Comment): void {
  const w = s as WithComments;
  w[where] = [...(w[where] ?? []), commentText(c)];
}

/** Attaches every comment of a parsed file to its statements (in place). */
export function attachComments(file: File): void {
  for (const group of file.comments) for (const c of group) place(c, file.body, undefined);
}
