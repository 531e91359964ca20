// Small enhancements for the account pages. Every page works without this script; it only
// suggests a time zone and adds drag painting and arrow keys to the availability grid. Copy
// buttons and confirmations come from site.js.
(function () {
  "use strict";

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (option) {
      return option.value === value;
    });
  }

  // Sign-up: preselect the browser's zone, unless the form came back with errors, in which
  // case the person's own choice is already in the select and must be kept.
  function prefillZones(zone) {
    document.querySelectorAll('select[data-suggest-zone="prefill"]').forEach(function (select) {
      if (select.form && select.form.querySelector(".errorlist")) return;
      if (hasOption(select, zone)) select.value = zone;
    });
  }

  // Profile: offer the browser's zone with a button; a saved choice only changes on request.
  function offerZones(zone) {
    document.querySelectorAll("[data-use-zone-for]").forEach(function (button) {
      var select = document.getElementById(button.dataset.useZoneFor);
      if (!select || !hasOption(select, zone)) return;
      var wrapper = button.parentElement;
      function refresh() {
        wrapper.hidden = select.value === zone;
      }
      button.textContent = button.dataset.label.replace("__ZONE__", zone.replace(/_/g, " "));
      button.addEventListener("click", function () {
        select.value = zone;
        refresh();
        select.focus();
      });
      select.addEventListener("change", refresh);
      refresh();
    });
  }

  // Availability grid: slot = day * 48 + half-hour, so neighbours are found by value.
  var PER_DAY = 48;

  function enhanceGrid(grid) {
    var painting = false;
    var paintValue = false;
    var swallowClick = false;

    function boxAt(element) {
      var cell = element && element.closest ? element.closest("td") : null;
      return cell && grid.contains(cell) ? cell.querySelector('input[type="checkbox"]') : null;
    }

    function boxForSlot(slot) {
      return grid.querySelector('input[name="slots"][value="' + slot + '"]');
    }

    // Touch keeps the browser's own tap-to-toggle and scrolling: painting would trap the page.
    grid.addEventListener("pointerdown", function (event) {
      swallowClick = false;
      if (event.pointerType === "touch" || event.button !== 0) return;
      var box = boxAt(event.target);
      if (!box) return;
      event.preventDefault();
      painting = true;
      swallowClick = true;
      paintValue = !box.checked;
      box.checked = paintValue;
      box.focus({ preventScroll: true });
    });

    document.addEventListener("pointermove", function (event) {
      if (!painting) return;
      var box = boxAt(document.elementFromPoint(event.clientX, event.clientY));
      if (box) box.checked = paintValue;
    });

    document.addEventListener("pointerup", function () {
      painting = false;
    });

    // The click that ends a press would toggle the box a second time; keyboard clicks
    // (detail 0) are left alone so Space keeps working.
    grid.addEventListener(
      "click",
      function (event) {
        if (swallowClick && event.detail !== 0) event.preventDefault();
        swallowClick = false;
      },
      true
    );

    // Start the scrolled grid at the earliest ticked time of day, or at 08:00, rather than at
    // midnight, so the times people mostly pick are in view.
    var scroller = grid.closest(".week-scroll");
    if (scroller) {
      var earliest = 16;
      var ticked = grid.querySelectorAll('input[name="slots"]:checked');
      if (ticked.length) {
        earliest = Math.min.apply(null, Array.prototype.map.call(ticked, function (box) {
          return Number(box.value) % PER_DAY;
        }));
      }
      var row = grid.tBodies[0].rows[Math.max(0, earliest - 1)];
      var header = grid.tHead ? grid.tHead.offsetHeight : 0;
      scroller.scrollTop +=
        row.getBoundingClientRect().top - scroller.getBoundingClientRect().top - header;
    }

    grid.addEventListener("keydown", function (event) {
      var box = event.target;
      if (!box.matches || !box.matches('input[name="slots"]')) return;
      var slot = Number(box.value);
      var index = slot % PER_DAY;
      var day = Math.floor(slot / PER_DAY);
      var moves = {
        ArrowUp: index > 0 ? slot - 1 : null,
        ArrowDown: index < PER_DAY - 1 ? slot + 1 : null,
        ArrowLeft: day > 0 ? slot - PER_DAY : null,
        ArrowRight: day < 6 ? slot + PER_DAY : null,
      };
      if (!(event.key in moves)) return;
      event.preventDefault();
      var target = moves[event.key] === null ? null : boxForSlot(moves[event.key]);
      if (target) target.focus();
    });
  }

  var zone = browserZone();
  if (zone) {
    prefillZones(zone);
    offerZones(zone);
  }
  document.querySelectorAll("[data-week-grid]").forEach(enhanceGrid);
})();
