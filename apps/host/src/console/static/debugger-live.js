// Source debugger: prepends events from the page's Server-Sent Events stream (data-stream) to the list.
document.addEventListener('DOMContentLoaded', () => {
  const list = document.getElementById('debugger-events');
  const status = document.getElementById('debugger-status');
  if (!list || !status || typeof EventSource === 'undefined') return;
  const seen = new Set([...list.querySelectorAll('li[data-seq]')].map((li) => li.dataset.seq));
  const source = new EventSource(list.dataset.stream);
  const summary = (v) => {
    const e = v.event || {};
    const who = e.userId || e.anonymousId || '';
    return [v.type, e.event || e.name || '', who ? `(${who})` : '', v.receivedAt].filter(Boolean).join(' ');
  };
  const add = (message) => {
    const v = JSON.parse(message.data);
    if (seen.has(String(v.seq))) return;
    seen.add(String(v.seq));
    const li = document.createElement('li');
    li.dataset.seq = String(v.seq);
    const details = document.createElement('details');
    const head = document.createElement('summary');
    head.textContent = summary(v);
    const id = document.createElement('p');
    id.className = 'hint';
    id.textContent = `messageId ${v.messageId}`;
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(v.event, null, 2);
    details.append(head, id, pre);
    li.append(details);
    list.prepend(li);
    document.getElementById('debugger-empty')?.remove();
    status.textContent = `Live: ${seen.size} events shown, newest ${summary(v)}.`;
  };
  for (const type of ['track', 'identify', 'page', 'screen', 'group', 'alias']) source.addEventListener(type, add);
  source.addEventListener('ready', () => {
    status.textContent = 'Live: new events appear at the top as they arrive.';
  });
  source.addEventListener('error', () => {
    status.textContent = 'Live updates paused; reconnecting… (Refresh to reload the list.)';
  });
});
