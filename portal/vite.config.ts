import { defineConfig } from 'vitest/config';

// React's JSX is compiled by esbuild (tsconfig "jsx": "react-jsx"): no React plugin is needed without hot reload.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      // The SignalR client's /*#__PURE__*/ comments sit where Rollup cannot use them; it drops them, harmlessly.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
  server: {
    // `npm run dev` against an orchestrator on the default address.
    proxy: {
      '/api': 'http://127.0.0.1:5080',
      '/hubs': { target: 'http://127.0.0.1:5080', ws: true },
      '/s': { target: 'http://127.0.0.1:5080', ws: true },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
