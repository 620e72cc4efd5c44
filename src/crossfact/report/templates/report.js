(function () {
  "use strict";
  // Open the collapsed sections that hold the link target (an article, a fact sentence), then show it.
  function openTarget() {
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return;
    }
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    var text = target.querySelector("details.article-text");
    if (text) text.open = true;
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href^='#']");
    if (link && link.getAttribute("href") === location.hash) openTarget();
  });
  openTarget();

  // Filter the article sections by outlet, title, id or path.
  var filter = document.getElementById("article-filter");
  var shown = document.getElementById("article-filter-count");
  var sections = document.querySelectorAll("section.article");
  if (filter && shown) {
    filter.addEventListener("input", function () {
      var query = filter.value.trim().toLowerCase();
      var count = 0;
      sections.forEach(function (section) {
        var match = !query || section.getAttribute("data-search").indexOf(query) !== -1;
        section.hidden = !match;
        if (match) count += 1;
      });
      shown.textContent = query ? count + " of " + sections.length + " shown" : "";
    });
  }
})();
