// Ask before a destructive action: any form with data-confirm="question" needs a yes first.
document.addEventListener("submit", (event) => {
  const question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// A link with data-history-back goes back in the browser's history (keeping what a form held)
// instead of loading its address again; its href stays for a browser without script.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-history-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
