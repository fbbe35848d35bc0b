// The framework editor: a problem's "dòng N" link selects that line of the YAML text.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".goto-line");
  if (!link) return;
  event.preventDefault();
  const area = document.getElementById("yaml-text");
  const line = Number(link.dataset.line);
  const lines = area.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[line - 1] || "").length);
  const height = area.scrollHeight / Math.max(lines.length, 1);
  area.scrollTop = Math.max(0, (line - 5) * height);
});
