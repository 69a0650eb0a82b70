/** The workbench is exported as static files that the Vigie API serves on its own port (one process, one URL). */
const config = {
  output: 'export',
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
};

export default config;
