// What was typed or picked before htmx had started (a slow connection, a page still loading):
// htmx heard no event, and it takes the fields' values as it finds them for their starting
// values ("changed" in hx-trigger), so the YAML's live check or the sandbox's score would not
// run for it. Once htmx has processed the page, each element it listens to whose fields differ
// from what the server sent has its request sent, as if the person had just made the change.
// Loaded with `defer` after htmx and changed.js; htmx starts on DOMContentLoaded, this runs
// just after it.
(function () {
  "use strict";
  const VERBS = ["get", "post", "put", "patch", "delete"];

  function announce() {
    if (!window.htmx || !window.chisoChanged) return;
    document.querySelectorAll("[hx-trigger]").forEach((owner) => {
      const fields = owner.matches("input, select, textarea")
        ? [owner]
        : [...owner.querySelectorAll("input, select, textarea")];
      const verb = VERBS.find((name) => owner.hasAttribute(`hx-${name}`));
      if (!verb || !fields.some(window.chisoChanged)) return;
      // The element's own hx-target, hx-swap, hx-sync and values (its form's), as a trigger.
      window.htmx.ajax(verb.toUpperCase(), owner.getAttribute(`hx-${verb}`), { source: owner });
    });
  }

  document.addEventListener("DOMContentLoaded", () => window.setTimeout(announce, 0));
})();
