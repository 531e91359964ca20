// The runner's countdown. The page already says how many minutes a step has; this shows what is
// left, counting from when the step began on the server. The server's clock is the reference:
// the element carries the server's "now" when it was drawn, so a wrong clock on this device
// does not change the time left.

function tick() {
  document.querySelectorAll("[data-countdown]").forEach((el) => {
    if (!el.dataset.offset) {
      el.dataset.offset = String(Number(el.dataset.serverNow) * 1000 - Date.now());
    }
    const now = Date.now() + Number(el.dataset.offset);
    const ends = Date.parse(el.dataset.started) + Number(el.dataset.minutes) * 60000;
    const left = Math.round((ends - now) / 1000);
    const abs = Math.abs(left);
    const clock = `${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, "0")}`;
    el.textContent = left >= 0
      ? (el.dataset.leftLabel || "%s left").replace("%s", clock)
      : (el.dataset.overLabel || "%s over time").replace("%s", clock);
    el.classList.toggle("over", left < 0);
  });
}

tick();
setInterval(tick, 1000);
document.addEventListener("htmx:afterSettle", tick);

// The custom rule field matters only when "A custom rule" is chosen.
document.querySelectorAll("select[data-custom]").forEach((select) => {
  const field = document.getElementById(select.dataset.custom)?.closest(".field");
  if (!field) return;
  const sync = () => { field.hidden = select.value !== "custom"; };
  select.addEventListener("change", sync);
  sync();
});

// The step panel is replaced when the session moves on; a live region outside it tells screen
// reader users which step it is now (the countdown itself stays quiet).
document.addEventListener("htmx:afterSwap", (event) => {
  const panel = document.getElementById("runner-step");
  const announcer = document.getElementById("runner-announce");
  if (panel && announcer && event.detail.target?.id === "runner-step" && panel.dataset.announce) {
    announcer.textContent = panel.dataset.announce;
  }
});
