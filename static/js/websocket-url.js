// Where this page's websockets connect: the origin the server names in <meta name="websocket-origin">
// when it serves them apart from the pages (WEBSOCKET_ORIGIN), otherwise the page's own host.
export function websocketUrl(path) {
  const origin = document.querySelector('meta[name="websocket-origin"]')?.content;
  if (origin) return new URL(path, origin).href;
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}${path}`;
}
