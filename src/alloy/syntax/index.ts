// Public entry point of the Alloy syntax toolkit.
export * from "./ast.ts";
export { parse, parseExpression, goQuote, type ParseResult } from "./parser.ts";
export { print, printNode, format, tryFormat, FormatError } from "./printer.ts";
export { validate, validateFiles, traversalsFromBody, unquote, STDLIB_NAMESPACES, STDLIB_DEPRECATED, type ValidateOptions } from "./validator.ts";
export { formatDiagnostics, formatPosition, diagnosticString, hasErrors, type Diagnostic, type Severity } from "./diag.ts";
export * as build from "./build.ts";
export { benchAlloy, generateLargeConfig } from "./bench.ts";
