/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // authInterrupts: lets pages answer 403 with forbidden() (app/forbidden.tsx) after a server-side role check.
  // serverActions: a CSV import may be 1 MB of text (lib/tenants/tenant-csv.ts); Next's own limit
  // is 1 MB of request body, which would refuse such a file before Canopy could say why.
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: '2mb' } },
  // The generated Prisma client and pg are server-only Node modules; don't bundle them.
  serverExternalPackages: ['pg', '@prisma/adapter-pg'],
  // `next dev` logs every request URL; OAuth callbacks carry one-time codes and state values.
  logging: { incomingRequests: { ignore: [/\/api\/auth\//, /\/consent\//] } },
};

export default nextConfig;
