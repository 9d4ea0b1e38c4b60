// Live FQL validation: textareas with data-fql are checked by GET /assist/fql as you type.
document.addEventListener('DOMContentLoaded', () => {
  for (const input of document.querySelectorAll('textarea[data-fql]')) {
    const out = document.getElementById(`${input.id}-live`);
    if (!out) continue;
    let timer;
    const check = async () => {
      const res = await fetch(`/assist/fql?q=${encodeURIComponent(input.value)}`, { headers: { accept: 'application/json' } });
      if (!res.ok) return;
      const v = await res.json();
      out.className = v.valid ? 'live ok' : 'live bad';
      out.textContent = v.valid ? 'Valid FQL.' : `Line ${v.line}, column ${v.column}: ${v.message}`;
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(check, 300);
    });
  }
});
