// The workbench's only script: a changed filter applies at once (the Apply button stays for keyboards and
// for pages with scripts off).
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.filters")) {
    for (const select of form.querySelectorAll("select")) {
      select.addEventListener("change", () => form.submit());
    }
  }
});

// A family's node in the provenance graph links to its member list (a <details>): open the list it points to.
function openLinkedDetails() {
  let id;
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch (error) {
    return; // a malformed fragment names no element
  }
  const target = id && document.getElementById(id);
  if (target && target.tagName === "DETAILS") target.open = true;
}
window.addEventListener("hashchange", openLinkedDetails);
document.addEventListener("DOMContentLoaded", openLinkedDetails);
