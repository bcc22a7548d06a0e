// @prisma/migrate 7.10.0's package.json points "types" at dist/migrate/src/index.d.ts, which does
// not ship; the declarations are at dist/src. Re-export them so imports are typed.
declare module '@prisma/migrate' {
  export * from '@prisma/migrate/dist/src/index';
}
