// Editing helpers for the admin, all optional: without JavaScript every form still works.
// 1. Warn before leaving a page whose form holds unsaved changes.
// 2. A "Preview" button under each Markdown field, rendered by the server as readers see it.
(function () {
  "use strict";
  const form = document.querySelector("#content-main form[method=post]");
  if (!form) return;

  let dirty = false;
  let leaving = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("change", () => { dirty = true; });
  document.querySelectorAll("form").forEach((each) => {
    each.addEventListener("submit", () => { leaving = true; });
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  const token = form.querySelector("input[name=csrfmiddlewaretoken]");
  document.querySelectorAll("textarea[data-markdown-preview]").forEach((area) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "markdown-preview-button";
    button.textContent = "Preview";
    const output = document.createElement("div");
    output.className = "markdown-preview";
    output.setAttribute("role", "region");
    output.setAttribute("aria-live", "polite");
    output.setAttribute("aria-label", "Preview");
    output.hidden = true;
    area.after(button, output);
    button.addEventListener("click", async () => {
      const body = new URLSearchParams({ text: area.value });
      const response = await fetch(area.dataset.markdownPreview, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": token ? token.value : "" },
        credentials: "same-origin",
      });
      // The server sends HTML it rendered and sanitized (comparisons/markdown.py).
      output.innerHTML = response.ok ? await response.text() : "<p>No preview: " + response.status + "</p>";
      output.hidden = false;
    });
  });
})();
