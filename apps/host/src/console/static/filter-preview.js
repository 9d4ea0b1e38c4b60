// Live filter preview: the filter form is posted as "preview" (JSON answer) whenever it changes.
document.addEventListener('DOMContentLoaded', () => {
  const form = document.querySelector('form[data-filter-preview]');
  const out = document.getElementById('preview-result');
  if (!form || !out) return;
  let timer;
  const preview = async () => {
    const body = new URLSearchParams(new FormData(form));
    body.set('intent', 'preview');
    const res = await fetch(form.action, { method: 'POST', body, headers: { accept: 'application/json' } });
    const answer = await res.json();
    out.textContent = answer.errors
      ? answer.errors.map((e) => e.message).join('\n')
      : answer.data.result === null
        ? 'The event is dropped.'
        : JSON.stringify(answer.data.result, null, 2);
  };
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(preview, 400);
  });
});
