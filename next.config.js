/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Lets pages answer 403 with forbidden() (app/forbidden.tsx) after a server-side role check.
  experimental: { authInterrupts: true },
  // The generated Prisma client and pg are server-only Node modules; don't bundle them.
  serverExternalPackages: ['pg', '@prisma/adapter-pg'],
  // `next dev` logs every request URL; OAuth callbacks carry one-time codes and state values.
  logging: { incomingRequests: { ignore: [/\/api\/auth\//, /\/consent\//] } },
};

export default nextConfig;
