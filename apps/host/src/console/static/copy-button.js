// Copy buttons: <button data-copy="text" hidden> becomes visible and copies its text (progressive enhancement).
document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.hidden = false;
    button.addEventListener('click', async () => {
      const status = document.getElementById(button.getAttribute('aria-describedby') || '');
      try {
        await navigator.clipboard.writeText(button.dataset.copy || '');
        if (status) status.textContent = 'Copied.';
      } catch {
        if (status) status.textContent = 'Copy failed: select the key and copy it.';
      }
    });
  }
});
