// The workbench's only script: a changed filter applies at once (the Apply button stays for keyboards and
// for pages with scripts off).
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.filters")) {
    for (const select of form.querySelectorAll("select")) {
      select.addEventListener("change", () => form.submit());
    }
  }
});
