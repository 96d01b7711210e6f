/**
 * Pages the extension's end-to-end test serves from 127.0.0.1: a messaging-style page with the
 * flagged number written every way the scanner must handle, and things it must leave alone.
 * Only fictional identifiers (Ofcom drama range, example.com).
 */

const MESSAGES = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Messages</title>
<style>body{font:16px/1.5 sans-serif;margin:24px} .msg{padding:6px 10px;margin:6px 0;background:#eef}</style>
</head><body>
<h1 data-probe>Inbox</h1>
<div class="msg" id="plain">Call me on 07700 900123 tonight</div>
<div class="msg" id="split"><span>07700</span> <b>900</b><i>123</i></div>
<p class="msg">WhatsApp: <a id="tel-link" href="https://wa.me/447700900123">message me</a></p>
<p class="msg" id="email">Email client@example.com for bookings</p>
<p class="msg" id="other-number">A different client: 07700 900999</p>
<p class="msg" id="unrelated">Order 2026-11-28, reference 123456789, total £120.00</p>
<label>Your reply <input id="field" value="07700 900123"></label>
<div id="editable" contenteditable="true">07700 900123 typed in an editor</div>
<div id="shadow-host"></div>
<iframe id="same-origin-frame" src="/frame.html" width="400" height="60"></iframe>
<div id="late"></div>
<p data-probe>End of conversation</p>
<script>
  document.querySelector('#shadow-host').attachShadow({ mode: 'open' }).innerHTML =
    '<p>Inside a component: 07700 900123</p>';
  window.addMessage = () => {
    const message = document.createElement('div');
    message.className = 'msg';
    message.textContent = 'New message from +44 7700 900123';
    document.querySelector('#late').append(message);
  };
</script>
</body></html>`;

const FRAME = `<!doctype html><html><body><p id="in-frame">Framed ad: 07700 900123</p></body></html>`;

/** The page for a path, or null (404). */
export function scannerPage(path: string): string | null {
  if (path.startsWith('/messages.html')) return MESSAGES;
  if (path.startsWith('/frame.html')) return FRAME;
  return null;
}
