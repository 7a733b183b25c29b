// Shows the lab report of the variant the shopper picks. The server already shows the selected
// variant's report (or the product's), so without this script the page is still right on load;
// it only follows later changes. Themes differ: listen to the variant id input of the product form,
// and to the URL's ?variant= that most themes update.
(function () {
  function show(root, variantId) {
    var panels = root.querySelectorAll("[data-heady-report]");
    var match = root.querySelector('[data-heady-report="' + variantId + '"]');
    for (var i = 0; i < panels.length; i++) {
      var panel = panels[i];
      var own = match ? panel === match : panel.getAttribute("data-heady-report") === "product";
      panel.hidden = !own;
    }
  }
  function currentVariant() {
    var input = document.querySelector('form[action*="/cart/add"] [name="id"]');
    var fromUrl = new URLSearchParams(window.location.search).get("variant");
    return (input && input.value) || fromUrl;
  }
  function update() {
    var id = currentVariant();
    if (!id) return;
    var roots = document.querySelectorAll("[data-heady-lab-results]");
    for (var i = 0; i < roots.length; i++) show(roots[i], String(id));
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest('form[action*="/cart/add"]')) {
      setTimeout(update, 0);
    }
  });
  window.addEventListener("popstate", update);
  document.addEventListener("variant:change", update);
  var replaceState = history.replaceState;
  history.replaceState = function () {
    var result = replaceState.apply(this, arguments);
    update();
    return result;
  };
})();
