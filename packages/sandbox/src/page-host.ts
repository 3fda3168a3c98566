/**
 * A stand-in for the AYON web UI's settings tab: a page on loopback that embeds the addon page the AYON
 * emulator serves and hands it the context AYON would (a logged-in admin's token, the addon name and
 * version). With it the real settings page can list, import and sync projects against the sandbox.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hostPageHtml, loginToAyon } from "@ayon-sg/ayon-addon";

export interface PageHost {
  url: string;
  /** The addon page itself, as the AYON emulator serves it (it waits for the context a host posts). */
  addonPageUrl: string;
  close(): Promise<void>;
}

export async function startPageHost(options: {
  ayonUrl: string;
  admin: { name: string; password: string };
  addonName: string;
  addonVersion: string;
  port: number;
}): Promise<PageHost> {
  const accessToken = await loginToAyon(options.ayonUrl, options.admin.name, options.admin.password);
  const addonPageUrl = `${options.ayonUrl}/addons/${options.addonName}/${options.addonVersion}/frontend/`;
  const html = hostPageHtml(addonPageUrl, { accessToken, addonName: options.addonName, addonVersion: options.addonVersion, scope: "studio" });
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || (path !== "/" && path !== "/index.html")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: the addon page is at /\n");
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    addonPageUrl,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
