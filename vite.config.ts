import { defineConfig, loadEnv } from 'vite';
import react from '@vitejs/plugin-react';

// The download host (annotation volumes) sends no known CORS headers, so the dev and preview
// servers proxy it under /allen-download. The API host sends CORS * and is called directly.
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'VITE_');
  const downloadHost = env.VITE_ALLEN_DOWNLOAD || 'https://download.alleninstitute.org';
  const proxy = {
    '/allen-download': {
      target: downloadHost,
      changeOrigin: true,
      rewrite: (p: string) => p.replace(/^\/allen-download/, ''),
    },
  };
  return {
    plugins: [react()],
    worker: { format: 'es' },
    server: { proxy },
    preview: { proxy },
    build: { outDir: mode === 'e2e' ? 'dist-e2e' : 'dist', sourcemap: true, target: 'es2022' },
  };
});
