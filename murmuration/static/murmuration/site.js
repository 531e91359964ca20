// Small enhancements that every page also works without.

// Copy buttons: <button data-copy="input-id" data-copied="Copied">. The field stays selectable
// for browsers without the clipboard API. A nearby .copy-status (an aria-live region) announces
// the copy to screen readers; without one the button's own label says it briefly.
document.querySelectorAll("button[data-copy][hidden]").forEach((button) => {
  if (navigator.clipboard) button.hidden = false;
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  if (!field) return;
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    document.execCommand("copy");
  }
  const status = button.closest("section")?.querySelector(".copy-status");
  if (status) {
    status.textContent = button.dataset.copied || "";
    return;
  }
  const label = button.textContent;
  button.textContent = button.dataset.copied || label;
  setTimeout(() => { button.textContent = label; }, 2000);
});

// <form data-confirm="Question?">: ask before a change that is hard to undo.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});

// Tabs that scroll sideways on a narrow screen: bring the current one into view, so the page
// you are on is not the tab cut off at the edge. Only the strip scrolls, never the page.
document.querySelectorAll(".tabs").forEach((tabs) => {
  const current = tabs.querySelector('[aria-current="page"]');
  if (!current || tabs.scrollWidth <= tabs.clientWidth) return;
  const left = current.offsetLeft - tabs.offsetLeft;
  if (left + current.offsetWidth > tabs.scrollLeft + tabs.clientWidth) {
    tabs.scrollLeft = left + current.offsetWidth - tabs.clientWidth + 16;
  }
});
