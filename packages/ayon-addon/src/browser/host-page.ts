// A stand-in for the AYON web UI around the addon page: it embeds the page in an iframe and posts the
// context to it once the iframe has loaded, the way AYON opens an addon's settings tab.

export interface HostContext {
  accessToken: string;
  addonName: string;
  addonVersion: string;
  scope?: string;
  context?: unknown;
}

export function hostPageHtml(frameSrc: string, context: HostContext): string {
  // JSON in a <script>: escape "<" so no value can close the script element.
  const json = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");
  const attribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>AYON (test host)</title>
<style>html,body{margin:0;height:100%;background:#1c2026}iframe{border:0;width:100%;height:100%}</style></head>
<body>
<iframe id="addon" title="ShotGrid Sync" src="${attribute(frameSrc)}"></iframe>
<script>
  const frame = document.getElementById("addon");
  frame.addEventListener("load", () => frame.contentWindow.postMessage(${json(context)}, "*"));
</script>
</body>
</html>`;
}
