// Whether a field differs from what the server sent (its default value, checked state or
// selected option): something the person changed on this page. form.js and htmx_early.js use
// it to find what was typed before they ran. Loaded with `defer` before them.
window.chisoChanged = function (el) {
  "use strict";
  if (el.type === "radio" || el.type === "checkbox") return el.checked !== el.defaultChecked;
  if (el.tagName === "SELECT") {
    const sent = [...el.options].findIndex((option) => option.defaultSelected);
    return el.selectedIndex !== Math.max(sent, 0);
  }
  if (el.type === "hidden" || el.type === "file") return false;
  return el.value !== el.defaultValue;
};
