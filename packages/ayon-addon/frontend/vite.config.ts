// Builds the settings page into frontend/dist. `base: "./"` keeps every asset URL relative, because AYON
// serves the page under /addons/shotgrid/<version>/frontend/.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    // The AYON component library's CSS inlines its icon font (~4.4 MB); the size warning is expected.
    chunkSizeWarningLimit: 5000,
  },
});
