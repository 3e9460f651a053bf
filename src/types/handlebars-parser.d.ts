// Types for Handlebars' parser module, imported alone so that checking templates does not load the compiler.
declare module 'handlebars/dist/cjs/handlebars/compiler/base.js' {
  export function parse(input: string, options?: { srcName?: string; ignoreStandalone?: boolean }): hbs.AST.Program;
}
